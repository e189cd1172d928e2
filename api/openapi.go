package api

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/hotline12345/hotline"
	"github.com/hotline12345/hotline/sla"
	"github.com/hotline12345/hotline/workorder"
)

// openapiBase is the OpenAPI document without the step routes, the list
// parameters and the enumerations, which buildDoc adds from the code.
//
//go:embed openapi.json
var openapiBase []byte

// obj is a JSON object of the document.
type obj = map[string]any

// buildDoc returns the OpenAPI 3.1 document of the API mounted at prefix.
func buildDoc(prefix string) ([]byte, error) {
	var doc obj
	if err := json.Unmarshal(openapiBase, &doc); err != nil {
		return nil, fmt.Errorf("api: openapi.json: %w", err)
	}
	doc["servers"] = []any{obj{"url": prefix}}
	comp := doc["components"].(obj)
	schemas := comp["schemas"].(obj)
	for name, values := range enums() {
		schemas[name] = obj{"type": "string", "enum": values}
	}
	// OrderWithCode is Order with the query code of POST
	// /orders?query_code=true: a copy, so that the two stay alike.
	var withCode obj
	if b, err := json.Marshal(schemas["Order"]); err != nil || json.Unmarshal(b, &withCode) != nil {
		return nil, fmt.Errorf("api: openapi.json: no Order schema")
	}
	withCode["description"] = "A new order with its query code (查询码), answered this once"
	withCode["properties"].(obj)["query_code"] = obj{"type": "string", "pattern": fmt.Sprintf("^[0-9]{%d}$", workorder.QueryCodeLen)}
	withCode["required"] = append(withCode["required"].([]any), "query_code")
	schemas["OrderWithCode"] = withCode
	paths := doc["paths"].(obj)
	get := paths["/orders"].(obj)["get"].(obj)
	params := []any{}
	for _, p := range listParams {
		params = append(params, obj{"name": p.name, "in": "query", "description": p.desc, "schema": obj{"type": p.typ}})
	}
	get["parameters"] = params
	for i := range steps {
		sr := &steps[i]
		body := bodyName(sr.name)
		bs, err := schemaOf(sr.body)
		if err != nil {
			return nil, err
		}
		// Every step takes attachments, which the handler reads apart
		// from the body's own keys (see splitAttachments).
		bs["properties"].(obj)[attachmentsKey] = obj{"$ref": "#/components/schemas/Attachments"}
		schemas[body] = bs
		ref := func(to string) obj { return obj{"$ref": "#/components/" + to} }
		problem := func(name string) obj { return ref("responses/" + name) }
		paths["/orders/{id}/"+sr.name] = obj{
			"parameters": []any{ref("parameters/ID")},
			"post": obj{
				"operationId": sr.name,
				"summary":     sr.summary,
				"parameters":  []any{ref("parameters/IdempotencyKey")},
				"requestBody": obj{"required": false, "description": "May be empty when no key is required",
					"content": obj{"application/json": obj{"schema": ref("schemas/" + body)}}},
				"responses": obj{
					"200": obj{"description": "The order after the step",
						"content": obj{"application/json": obj{"schema": ref("schemas/Order")}}},
					"400": problem("BadRequest"), "401": problem("Unauthenticated"), "403": problem("Forbidden"),
					"404": problem("NotFound"), "409": problem("Conflict"), "413": problem("TooLarge"),
					"422": problem("Refused"), "500": problem("Internal"), "503": problem("Unavailable"),
				},
			},
		}
	}
	// The top level in the order readers expect, the rest sorted.
	top := struct {
		OpenAPI    any `json:"openapi"`
		Info       any `json:"info"`
		Servers    any `json:"servers"`
		Paths      any `json:"paths"`
		Components any `json:"components"`
	}{doc["openapi"], doc["info"], doc["servers"], doc["paths"], doc["components"]}
	if len(doc) != 5 {
		return nil, fmt.Errorf("api: openapi.json: %d top-level keys, want 5", len(doc))
	}
	return json.MarshalIndent(top, "", "  ")
}

// bodyName is the schema name of a step's body: "request_extension" has
// "RequestExtensionBody".
func bodyName(step string) string {
	var b strings.Builder
	for part := range strings.SplitSeq(step, "_") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String() + "Body"
}

// schemaOf is the JSON Schema of a body struct, following the checks of
// checkBody. It fails on a field of a kind the API does not decode.
func schemaOf(t reflect.Type) (obj, error) {
	props := obj{}
	required := []any{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("api")
		name := jsonName(f)
		req := strings.Contains(tag, "required")
		if req {
			required = append(required, name)
		}
		limit := workorder.MaxTextLen
		if strings.Contains(tag, "short") {
			limit = workorder.MaxFieldLen
		}
		text := obj{"type": "string", "maxLength": limit}
		switch f.Type.Kind() {
		case reflect.String:
			if req {
				text["pattern"] = `\S`
			}
			props[name] = text
		case reflect.Slice:
			text["pattern"] = `\S`
			props[name] = obj{"type": "array", "items": text, "maxItems": workorder.MaxAssists}
		case reflect.Int:
			props[name] = obj{"type": "integer"}
		case reflect.Bool:
			props[name] = obj{"type": "boolean"}
		case reflect.Struct:
			sub, err := schemaOf(f.Type)
			if err != nil {
				return nil, err
			}
			props[name] = sub
		default:
			return nil, fmt.Errorf("api: body field %s.%s: no schema for a %s", t.Name(), f.Name, f.Type)
		}
	}
	s := obj{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s, nil
}

// enums are the names of the enumerations in the answers, by schema name.
func enums() map[string][]any {
	out := map[string][]any{}
	add := func(name string, vs ...fmt.Stringer) {
		for _, v := range vs {
			out[name] = append(out[name], v.String())
		}
	}
	for _, s := range workorder.States() {
		add("State", s)
	}
	for _, s := range workorder.Steps() {
		add("Step", s)
	}
	for r := workorder.Role(1); ; r++ {
		if _, err := r.MarshalText(); err != nil {
			break
		}
		add("Role", r)
	}
	for s := workorder.AssistStatus(0); ; s++ {
		if _, err := s.MarshalText(); err != nil {
			break
		}
		add("AssistStatus", s)
	}
	for _, c := range hotline.Channels() {
		add("Channel", c)
	}
	for _, c := range hotline.Categories() {
		add("Category", c)
	}
	for _, u := range hotline.Urgencies() {
		add("Urgency", u)
	}
	for _, s := range hotline.Satisfactions() {
		add("Satisfaction", s)
	}
	for _, r := range hotline.Resolutions() {
		add("Resolution", r)
	}
	for l := sla.Level(0); ; l++ {
		if _, err := sla.ParseLevel(l.String()); err != nil {
			break
		}
		add("Level", l)
	}
	for _, k := range sla.EventKinds() {
		add("EventKind", k)
	}
	for c := sla.Clock(1); ; c++ {
		if _, err := sla.ParseClock(c.String()); err != nil {
			break
		}
		add("Clock", c)
	}
	return out
}
