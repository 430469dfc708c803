// The Go side of fault_report_matches_go.c: a nil pointer dereference,
// unrecovered, after a deferred call; and one recovered first.
package main

import (
	"fmt"
	"os"
)

var p *int

func deref() int {
	defer fmt.Println("deferred in deref")
	return *p
}

func recovers() (r int) {
	defer func() {
		fmt.Println("recovered:", recover())
		r = 5
	}()
	return deref()
}

func main() {
	defer fmt.Println("deferred in main")
	fmt.Println("recovers returned", recovers())
	if len(os.Args) > 1 {
		deref()
	}
}
