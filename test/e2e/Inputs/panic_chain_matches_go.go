package main

import (
	"fmt"
	"os"
)

func second() { panic("second") }
func recoverAndRepanic() {
	p := recover()
	fmt.Printf("recovered %v, panicking again\n", p)
	panic("again")
}
func say(s string) { fmt.Println(s) }
func f(mode int) {
	defer say("f defer 1")
	if mode == 1 {
		defer second()
	}
	if mode == 2 {
		defer recoverAndRepanic()
	}
	defer say("f defer 3")
	panic("first")
}
func main() {
	defer say("main defer")
	f(len(os.Args) - 1)
}
