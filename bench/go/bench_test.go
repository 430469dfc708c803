// Package cdeferbench is the Go side of cdefer's benchmark suite
// (bench/run.sh): the same function shapes as bench/c/*.c, with Go's
// defer, panic and recover. Run by bench/bench.py with
// `go test -run '^$' -bench . -benchtime 0.2s -count SAMPLES`.
package cdeferbench

import "testing"

var sink int

//go:noinline
func release(p *int) { sink += *p }

//go:noinline
func releaseVal(v int) { sink += v }

// One deferred call in a function with two returns (bench/c/one.c).
//
//go:noinline
func oneDefer(x int) int {
	v := x
	defer release(&v)
	if x&1 != 0 {
		return x + 1
	}
	return x * 3
}

// The same with the call written out before each return.
//
//go:noinline
func oneHand(x int) int {
	v := x
	if x&1 != 0 {
		release(&v)
		return x + 1
	}
	release(&v)
	return x * 3
}

func BenchmarkOneDefer(b *testing.B) {
	acc := 0
	for i := 0; i < b.N; i++ {
		acc += oneDefer(i)
	}
	sink += acc
}

func BenchmarkOneHand(b *testing.B) {
	acc := 0
	for i := 0; i < b.N; i++ {
		acc += oneHand(i)
	}
	sink += acc
}

// N deferred calls made in a loop (bench/c/loop.c).
//
//go:noinline
func loopDefer(n int) int {
	for i := 0; i < n; i++ {
		defer releaseVal(i)
	}
	return n
}

func BenchmarkLoop10(b *testing.B) {
	acc := 0
	for i := 0; i < b.N; i++ {
		acc += loopDefer(10)
	}
	sink += acc
}

func BenchmarkLoop1000(b *testing.B) {
	acc := 0
	for i := 0; i < b.N; i++ {
		acc += loopDefer(1000)
	}
	sink += acc
}

// A panic depth frames below the recovering frame (bench/c/panic.c).
//
//go:noinline
func down(d int) {
	if d == 1 {
		panic("boom")
	}
	down(d - 1)
	sink++ // not a tail call (Go has none, but keep the shape of the C code)
}

//go:noinline
func downDefer(d int) {
	defer releaseVal(d)
	if d == 1 {
		panic("boom")
	}
	downDefer(d - 1)
	sink++
}

//go:noinline
func onPanic() {
	if recover() != nil {
		sink++
	}
}

//go:noinline
func catcher(depth int, defers bool) int {
	defer onPanic()
	if defers {
		downDefer(depth)
	} else {
		down(depth)
	}
	return 1
}

func benchPanic(b *testing.B, depth int, defers bool) {
	acc := 0
	for i := 0; i < b.N; i++ {
		acc += catcher(depth, defers)
	}
	sink += acc
}

func BenchmarkPanic1(b *testing.B)        { benchPanic(b, 1, false) }
func BenchmarkPanic10(b *testing.B)       { benchPanic(b, 10, false) }
func BenchmarkPanic1Defers(b *testing.B)  { benchPanic(b, 1, true) }
func BenchmarkPanic10Defers(b *testing.B) { benchPanic(b, 10, true) }
