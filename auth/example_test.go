package auth_test

import (
	"fmt"
	"net/http/httptest"

	"github.com/hotline12345/hotline/auth"
)

// A users file for trying a hotline out; hashes come from
// auth.HashPassword (here "secret-1" at bcrypt's minimum cost).
func ExampleParseUsers() {
	users, err := auth.ParseUsers([]byte(`
users:
  - id: cgb
    role: unit
    actor: 清溪镇城管办
    hash: "$2a$04$gV/zpCNjk8lT6S4JS/oE6eS7wUyhv.TxtmW4bDjJ1ZgCfbaL71Jqq"
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := users.Check("cgb", "secret-1")
	fmt.Println(a, err)
	_, err = users.Check("cgb", "guess")
	fmt.Println(err)

	// A request without a session cookie is not signed in.
	_, err = users.Authenticate(httptest.NewRequest("GET", "/", nil))
	fmt.Println(err)
	// Output:
	// unit:清溪镇城管办 <nil>
	// auth: user "cgb": wrong name or password: auth: not signed in
	// auth: no session: auth: not signed in
}

// Make the hash of a new user's password for the users file; the
// embedding server may offer this as a command.
func ExampleHashPassword() {
	hash, err := auth.HashPassword("a long passphrase")
	if err != nil {
		fmt.Println(err)
		return
	}
	users, err := auth.ParseUsers([]byte("users:\n  - {id: agent7, role: centre, hash: \"" + hash + "\"}\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(users.Check("agent7", "a long passphrase"))
	// Output:
	// centre:agent7 <nil>
}
