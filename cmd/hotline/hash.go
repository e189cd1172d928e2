package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/bcrypt"
)

// hashCommand reads a password from the first line of stdin and prints
// its bcrypt hash, the form of a users file's hash field.
func hashCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("hash-password", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: hotline hash-password < password.txt\n\n"+
			"Reads a password from the first line of standard input and prints its bcrypt hash,\n"+
			"for the hash field of a users file (serve -users).")
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "hotline hash-password: unexpected argument %q: the password is read from standard input\n", fs.Arg(0))
		return 2
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintln(stderr, "hotline hash-password:", err)
		return 1
	}
	pw := strings.TrimRight(line, "\r\n")
	hash, err := hashPassword(pw)
	if err != nil {
		fmt.Fprintln(stderr, "hotline hash-password:", err)
		return 1
	}
	fmt.Fprintln(stdout, hash)
	return 0
}

// hashPassword returns the bcrypt hash of pw, which must not be empty
// and at most 72 bytes long (what bcrypt reads).
func hashPassword(pw string) (string, error) {
	switch {
	case pw == "":
		return "", errors.New("empty password")
	case len(pw) > 72:
		return "", fmt.Errorf("password of %d bytes: bcrypt reads at most 72", len(pw))
	}
	b, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
