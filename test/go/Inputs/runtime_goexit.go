// The Goexit cases of Go 1.19's runtime tests, each run in a goroutine of
// its own (crash_test.go runs RecoveredPanicAfterGoexit,
// RecoverBeforePanicAfterGoexit(2) and GoexitInPanic from testprog on the
// main goroutine, where the Goexit ends in Go's "no goroutines" deadlock
// report; in a goroutine the same code simply ends that goroutine, which
// is what test/go/runtime_goexit.c checks with threads and pthread_exit).
// Code after the Goexit must never run ("Goexit returned").
package main

import (
	"runtime"
	"sync"
)

func inGoroutine(name string, f func()) {
	var wg sync.WaitGroup
	continued := false
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
		continued = true
	}()
	wg.Wait()
	if continued {
		panic(name + ": Goexit returned")
	}
}

// crash_test.go: TestGoexitDefer
func GoexitDefer() {
	defer func() {
		r := recover()
		if r != nil {
			panic("non-nil recover during Goexit")
		}
	}()
	runtime.Goexit()
}

// testprog: RecoveredPanicAfterGoexit
func RecoveredPanicAfterGoexit() {
	defer func() {
		defer func() {
			r := recover()
			if r == nil {
				panic("bad recover")
			}
		}()
		panic("hello")
	}()
	runtime.Goexit()
}

// testprog: RecoverBeforePanicAfterGoexit
func RecoverBeforePanicAfterGoexit() {
	defer func() {
		r := recover()
		if r == nil {
			panic("bad recover")
		}
	}()
	defer func() {
		panic("hello")
	}()
	runtime.Goexit()
}

// testprog: RecoverBeforePanicAfterGoexit2
func RecoverBeforePanicAfterGoexit2() {
	for i := 0; i < 2; i++ {
		defer func() {
		}()
	}
	defer func() {
		r := recover()
		if r == nil {
			panic("bad recover")
		}
	}()
	defer func() {
		panic("hello")
	}()
	runtime.Goexit()
}

// testprog: GoexitInPanic
func GoexitInPanic() {
	defer func() {
		runtime.Goexit()
	}()
	panic("hello")
}

func main() {
	inGoroutine("GoexitDefer", GoexitDefer)
	inGoroutine("RecoveredPanicAfterGoexit", RecoveredPanicAfterGoexit)
	inGoroutine("RecoverBeforePanicAfterGoexit", RecoverBeforePanicAfterGoexit)
	inGoroutine("RecoverBeforePanicAfterGoexit2", RecoverBeforePanicAfterGoexit2)
	inGoroutine("GoexitInPanic", GoexitInPanic)
}
