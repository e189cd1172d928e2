// Package api serves a workorder.Service over HTTP as JSON: every step of
// an order's life, its audit trail, its deadlines and listings with
// cursor pagination, in the public JSON form of orders and records (see
// package workorder, "JSON"). Mount the handler of New in any net/http
// server; it serves an OpenAPI 3.1 document of itself.
//
// # Routes
//
// Under Options.Prefix ("/api" by default):
//
//	GET  /openapi.json              this API's OpenAPI 3.1 document (no sign-in)
//	GET  /orders                    a page of orders (filters and cursor in the query)
//	POST /orders                    take in a new order (受理), 201 with Location
//	GET  /orders/{id}               one order
//	GET  /orders/{id}/history       its audit trail
//	GET  /orders/{id}/deadlines     its sla targets evaluated now, or at ?at=
//	GET  /lookup/{id}?code=…        a caller's view of the order's progress (no sign-in)
//	POST /orders/{id}/{step}        take a step: dispatch, sign, return, …
//
// A step's path ends in the step's English key (workorder.Step.String);
// its body is a JSON object of the step's arguments, such as
// {"reason": "…"} for suspend, and may be empty when none is required.
// Each step answers 200 with the order as the caller may now see it.
//
// # Who is calling
//
// Options.Auth decides every request but the document's: the actor it
// returns takes the step. No body or query names an actor or a role; a
// body that tries is refused as having an unknown key. A unit sees only
// its own orders and, on a confidential order, no caller's name or phone.
//
// # Errors
//
// Errors are RFC 9457 problem details (application/problem+json, see
// Problem), mapped from the library's errors: 400 bad input, with field
// naming the body key, query parameter or header; 401 not signed in
// (auth.ErrUnauthenticated); 403 forbidden (workorder.ErrForbidden); 404
// not found; 409 a version conflict, an existing id, or a step the
// order's state does not allow, with allowed listing the steps it does;
// 413 a body over Options.MaxBody; 422 refused by policy (a closed return
// window, opinions pending, an extension beyond the limits, no sla
// policy, …, or an Idempotency-Key that belongs to another step); 503 a
// step whose commit may or may not have happened, to be sent again with
// the key in the answer's Idempotency-Key header (the request's own, or
// one the service made up when the request had none). Anything else, such as a store's failure, is a 500 whose
// detail says nothing of the cause, which goes to the log.
//
// # Requests
//
// Bodies are size-limited, refuse unknown keys and trailing data, and
// their text is checked as the library checks it (UTF-8 without NUL, at
// most workorder.MaxTextLen characters, not blank where required). A step
// (and POST /orders) may carry an Idempotency-Key header of up to 200
// printable ASCII characters (workorder.WithKey): the step is
// taken at most once, and sending it again with the same key answers with
// the order as it is, that step included.
//
// Every step body, and the draft of POST /orders, may carry
// "attachments": an array of attachments in the JSON form of
// workorder.Attachment (name, media_type, size, sha256, key), which the
// step's audit record keeps (workorder.WithAttachments); a bad one is a 400
// whose field names it, such as "attachments[1].sha256".
//
// # Callers' progress lookup
//
// POST /orders?query_code=true takes in the order with a query code
// (查询码, workorder.Service.AcceptWithCode) and answers the order with
// "query_code" beside its keys, this once; a service without
// Config.QueryKey refuses it with 422. GET /lookup/{id}?code=… needs no
// sign-in, as callers are not users, and answers the caller-safe
// workorder.Progress. An unknown id and a wrong code get the same 404,
// word for word; too many wrong codes for the order or the client get 429
// with Retry-After (Options.LookupRetry). The client is the remote
// address; behind a proxy set Options.ClientKey from the header the
// trusted proxy sets. The code travels in the query: keep the query out
// of access logs (this handler's log has the path alone).
//
// # Operations
//
// Every request writes one log record (method, path, status, duration,
// order, step, actor; at Error level for a 500, with the error), and
// every step request calls Options.Observe, for metrics.
package api
