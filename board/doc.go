// Package board is the web board of a 12345 hotline: an http.Handler,
// mounted under any prefix of the embedding application's server, that
// shows the orders of a workorder.Service to the people who handle them.
//
// # Who sees what
//
// The hotline centre sees every order, filtered by unit, region,
// category, classification code (a subtree of 诉求分类), state, sla
// level, overdue, joint handling and repeats, paged by cursor; each order
// with its classification, its direct answer or transfer, its timeline,
// its verified audit trail (with the unit's person and post and each
// step's attachments: name, type, size and the start of its SHA-256),
// its deadlines, its assisting units' opinions and the steps the centre
// may take (answer directly from a knowledge-base entry the board
// offers, transfer to 110 or another body, dispatch with the Router's
// suggestion and its reason, urge, approve or refuse a return or an
// extension, approve a reply, record a callback, close, cancel or
// decline with a coded reason…), and can urge every overdue order of a
// unit at once.
// A unit sees its own queue only, with the forms to sign, return, reply,
// give its opinion and ask for more time; a confidential caller's name
// and phone never reach its pages (the service hides them). Supervisors
// urge and supervise, and approve exemptions from assessment (不纳入考核)
// for a coded reason; the centre and supervisors see the year's and the
// month's figures as charts drawn by Apache ECharts, which the board
// serves itself, as it serves every script and style: no CDN, no Node
// build, everything embedded.
//
// # Live
//
// A Hub made the service's observer carries each step to the open pages
// by server-sent events: a step taken in one browser shows in the others
// within a second. Countdowns to each deadline tick in the browser.
//
// # Security
//
// Options.Auth decides every request (static files aside); forms carry
// CSRF tokens (a cookie, SameSite=Strict, that the form must repeat);
// every page sends a Content-Security-Policy allowing scripts from the
// board only, never inline; html/template escapes every text, so that an
// order reading <script> shows as text. Pages are in Chinese, or English
// by a switch kept in a cookie.
package board
