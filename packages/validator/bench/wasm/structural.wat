;; The structural core of NDJSON validation, hand-written in WebAssembly text, for the
;; benchmark's WebAssembly figure (issue #12 asks for JavaScript on Uint8Array or WebAssembly,
;; whichever measures faster here, with both figures). It does what every record check starts
;; with, and nothing of the schema: split lines, and decide that each line is one well-formed
;; JSON value (RFC 8259 grammar: strings with their escapes, numbers, literals, nesting up to
;; a depth limit) in well-formed UTF-8. bench/wasm/structural.mjs compiles it with wabt and
;; drives it; test/wasm-structural.test.ts checks it against JSON.parse.
;;
;; Memory: bytes [0, 1024) hold the container kind of each depth (1 object, 2 array); the
;; caller copies complete lines to INPUT (65536) and calls lines(INPUT, length, maxDepth).
(module
  (memory (export "memory") 2)

  ;; Whitespace from i (below end): returns the first other index.
  (func $ws (param $i i32) (param $end i32) (result i32)
    (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $c (i32.load8_u (local.get $i)))
        (br_if $done
          (i32.eqz
            (i32.or
              (i32.or (i32.eq (local.get $c) (i32.const 0x20)) (i32.eq (local.get $c) (i32.const 0x09)))
              (i32.or (i32.eq (local.get $c) (i32.const 0x0d)) (i32.eq (local.get $c) (i32.const 0x0a))))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  (func $hex (param $c i32) (result i32)
    (i32.or
      (i32.lt_u (i32.sub (local.get $c) (i32.const 0x30)) (i32.const 10))
      (i32.lt_u (i32.sub (i32.or (local.get $c) (i32.const 0x20)) (i32.const 0x61)) (i32.const 6))))

  ;; Length of the UTF-8 sequence at j (lead byte >= 0x80), or 0 when malformed (RFC 3629).
  (func $utf8 (param $j i32) (param $end i32) (result i32)
    (local $c i32) (local $c1 i32) (local $c2 i32) (local $c3 i32) (local $low i32) (local $high i32)
    (local.set $c (i32.load8_u (local.get $j)))
    (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $end))
      (then (local.set $c1 (i32.load8_u offset=1 (local.get $j)))))
    (if (i32.lt_u (i32.add (local.get $j) (i32.const 2)) (local.get $end))
      (then (local.set $c2 (i32.load8_u offset=2 (local.get $j)))))
    (if (i32.lt_u (i32.add (local.get $j) (i32.const 3)) (local.get $end))
      (then (local.set $c3 (i32.load8_u offset=3 (local.get $j)))))
    (if (i32.and (i32.ge_u (local.get $c) (i32.const 0xc2)) (i32.le_u (local.get $c) (i32.const 0xdf)))
      (then (return (select (i32.const 2) (i32.const 0)
        (i32.eq (i32.and (local.get $c1) (i32.const 0xc0)) (i32.const 0x80))))))
    (if (i32.and (i32.ge_u (local.get $c) (i32.const 0xe0)) (i32.le_u (local.get $c) (i32.const 0xef)))
      (then
        (local.set $low (select (i32.const 0xa0) (i32.const 0x80) (i32.eq (local.get $c) (i32.const 0xe0))))
        (local.set $high (select (i32.const 0x9f) (i32.const 0xbf) (i32.eq (local.get $c) (i32.const 0xed))))
        (return (select (i32.const 3) (i32.const 0)
          (i32.and
            (i32.and (i32.ge_u (local.get $c1) (local.get $low)) (i32.le_u (local.get $c1) (local.get $high)))
            (i32.eq (i32.and (local.get $c2) (i32.const 0xc0)) (i32.const 0x80)))))))
    (if (i32.and (i32.ge_u (local.get $c) (i32.const 0xf0)) (i32.le_u (local.get $c) (i32.const 0xf4)))
      (then
        (local.set $low (select (i32.const 0x90) (i32.const 0x80) (i32.eq (local.get $c) (i32.const 0xf0))))
        (local.set $high (select (i32.const 0x8f) (i32.const 0xbf) (i32.eq (local.get $c) (i32.const 0xf4))))
        (return (select (i32.const 4) (i32.const 0)
          (i32.and
            (i32.and (i32.ge_u (local.get $c1) (local.get $low)) (i32.le_u (local.get $c1) (local.get $high)))
            (i32.and
              (i32.eq (i32.and (local.get $c2) (i32.const 0xc0)) (i32.const 0x80))
              (i32.eq (i32.and (local.get $c3) (i32.const 0xc0)) (i32.const 0x80))))))))
    (i32.const 0))

  ;; The string whose opening quote is at i: the index past its closing quote, or -1.
  (func $string (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $n i32)
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (loop $next
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
      (local.set $c (i32.load8_u (local.get $i)))
      (if (i32.eq (local.get $c) (i32.const 0x22))
        (then (return (i32.add (local.get $i) (i32.const 1)))))
      (if (i32.eq (local.get $c) (i32.const 0x5c))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
          (local.set $c (i32.load8_u (local.get $i)))
          (if (i32.eq (local.get $c) (i32.const 0x75)) ;; \uXXXX
            (then
              (if (i32.ge_u (i32.add (local.get $i) (i32.const 4)) (local.get $end))
                (then (return (i32.const -1))))
              (if (i32.eqz
                    (i32.and
                      (i32.and (call $hex (i32.load8_u offset=1 (local.get $i))) (call $hex (i32.load8_u offset=2 (local.get $i))))
                      (i32.and (call $hex (i32.load8_u offset=3 (local.get $i))) (call $hex (i32.load8_u offset=4 (local.get $i))))))
                (then (return (i32.const -1))))
              (local.set $i (i32.add (local.get $i) (i32.const 5)))
              (br $next)))
          ;; " \ / b f n r t
          (if (i32.or
                (i32.or
                  (i32.or (i32.eq (local.get $c) (i32.const 0x22)) (i32.eq (local.get $c) (i32.const 0x5c)))
                  (i32.or (i32.eq (local.get $c) (i32.const 0x2f)) (i32.eq (local.get $c) (i32.const 0x62))))
                (i32.or
                  (i32.or (i32.eq (local.get $c) (i32.const 0x66)) (i32.eq (local.get $c) (i32.const 0x6e)))
                  (i32.or (i32.eq (local.get $c) (i32.const 0x72)) (i32.eq (local.get $c) (i32.const 0x74)))))
            (then
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br $next)))
          (return (i32.const -1))))
      (if (i32.lt_u (local.get $c) (i32.const 0x20)) (then (return (i32.const -1))))
      (if (i32.lt_u (local.get $c) (i32.const 0x80))
        (then
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (local.set $n (call $utf8 (local.get $i) (local.get $end)))
      (if (i32.eqz (local.get $n)) (then (return (i32.const -1))))
      (local.set $i (i32.add (local.get $i) (local.get $n)))
      (br $next))
    (i32.const -1))

  ;; Digits from i: the first index past them.
  (func $digits (param $i i32) (param $end i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $done (i32.ge_u (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)) (i32.const 10)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i))

  ;; The number at i (JSON grammar): the index past it, or -1.
  (func $number (param $i i32) (param $end i32) (result i32)
    (local $c i32) (local $k i32)
    (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x2d))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))
    (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const -1))))
    (local.set $c (i32.load8_u (local.get $i)))
    (if (i32.eq (local.get $c) (i32.const 0x30))
      (then (local.set $i (i32.add (local.get $i) (i32.const 1))))
      (else
        (if (i32.ge_u (i32.sub (local.get $c) (i32.const 0x31)) (i32.const 9))
          (then (return (i32.const -1))))
        (local.set $i (call $digits (i32.add (local.get $i) (i32.const 1)) (local.get $end)))))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (if (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x2e))
          (then
            (local.set $k (call $digits (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
            (if (i32.eq (local.get $k) (i32.add (local.get $i) (i32.const 1)))
              (then (return (i32.const -1))))
            (local.set $i (local.get $k))))))
    (if (i32.lt_u (local.get $i) (local.get $end))
      (then
        (if (i32.eq (i32.or (i32.load8_u (local.get $i)) (i32.const 0x20)) (i32.const 0x65))
          (then
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (if (i32.lt_u (local.get $i) (local.get $end))
              (then
                (local.set $c (i32.load8_u (local.get $i)))
                (if (i32.or (i32.eq (local.get $c) (i32.const 0x2b)) (i32.eq (local.get $c) (i32.const 0x2d)))
                  (then (local.set $i (i32.add (local.get $i) (i32.const 1)))))))
            (local.set $k (call $digits (local.get $i) (local.get $end)))
            (if (i32.eq (local.get $k) (local.get $i)) (then (return (i32.const -1))))
            (local.set $i (local.get $k))))))
    (local.get $i))

  ;; The bytes of `word` (up to 4 bytes, little-endian in one i32, `n` long) at i: past it, or -1.
  (func $word (param $i i32) (param $end i32) (param $word i32) (param $n i32) (result i32)
    (local $k i32)
    (if (i32.gt_u (i32.add (local.get $i) (local.get $n)) (local.get $end)) (then (return (i32.const -1))))
    (loop $next
      (if (i32.lt_u (local.get $k) (local.get $n))
        (then
          (if (i32.ne
                (i32.load8_u (i32.add (local.get $i) (local.get $k)))
                (i32.and (i32.shr_u (local.get $word) (i32.shl (local.get $k) (i32.const 3))) (i32.const 0xff)))
            (then (return (i32.const -1))))
          (local.set $k (i32.add (local.get $k) (i32.const 1)))
          (br $next))))
    (i32.add (local.get $i) (local.get $n)))

  ;; One line [p, end): 1 when it is one well-formed JSON value, else 0.
  (func $line (param $p i32) (param $end i32) (param $maxDepth i32) (result i32)
    (local $i i32) (local $c i32) (local $depth i32) (local $state i32)
    (local.set $i (call $ws (local.get $p) (local.get $end)))
    ;; state 0: a value; 1: a member name (after '{' or ','); 2: after a value
    (loop $machine
      (block $after
        (block $key
          (block $value
            (br_table $value $key $after (local.get $state)))
          ;; --- a value
          (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const 0))))
          (local.set $c (i32.load8_u (local.get $i)))
          (if (i32.or (i32.eq (local.get $c) (i32.const 0x7b)) (i32.eq (local.get $c) (i32.const 0x5b)))
            (then
              (local.set $depth (i32.add (local.get $depth) (i32.const 1)))
              (if (i32.gt_u (local.get $depth) (local.get $maxDepth)) (then (return (i32.const 0))))
              (i32.store8 (local.get $depth) (select (i32.const 1) (i32.const 2) (i32.eq (local.get $c) (i32.const 0x7b))))
              (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
              (if (i32.lt_u (local.get $i) (local.get $end))
                (then
                  (if (i32.eq (i32.load8_u (local.get $i)) (i32.add (local.get $c) (i32.const 2))) ;; } or ]
                    (then
                      (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
                      (local.set $i (i32.add (local.get $i) (i32.const 1)))
                      (local.set $state (i32.const 2))
                      (br $machine)))))
              (local.set $state (select (i32.const 1) (i32.const 0) (i32.eq (local.get $c) (i32.const 0x7b))))
              (br $machine)))
          (if (i32.eq (local.get $c) (i32.const 0x22))
            (then (local.set $i (call $string (local.get $i) (local.get $end))))
            (else
              (if (i32.eq (local.get $c) (i32.const 0x74))
                (then (local.set $i (call $word (local.get $i) (local.get $end) (i32.const 0x65757274) (i32.const 4))))
                (else
                  (if (i32.eq (local.get $c) (i32.const 0x66))
                    (then
                      (local.set $i (call $word (i32.add (local.get $i) (i32.const 1)) (local.get $end) (i32.const 0x65736c61) (i32.const 4))))
                    (else
                      (if (i32.eq (local.get $c) (i32.const 0x6e))
                        (then (local.set $i (call $word (local.get $i) (local.get $end) (i32.const 0x6c6c756e) (i32.const 4))))
                        (else (local.set $i (call $number (local.get $i) (local.get $end)))))))))))
          (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0))))
          (local.set $state (i32.const 2))
          (br $machine))
        ;; --- a member name, then ':'
        (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const 0))))
        (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x22)) (then (return (i32.const 0))))
        (local.set $i (call $string (local.get $i) (local.get $end)))
        (if (i32.lt_s (local.get $i) (i32.const 0)) (then (return (i32.const 0))))
        (local.set $i (call $ws (local.get $i) (local.get $end)))
        (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const 0))))
        (if (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x3a)) (then (return (i32.const 0))))
        (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
        (local.set $state (i32.const 0))
        (br $machine))
      ;; --- after a value: ',' or the closing bracket of the container, or the end of the line
      (local.set $i (call $ws (local.get $i) (local.get $end)))
      (if (i32.eqz (local.get $depth)) (then (return (i32.eq (local.get $i) (local.get $end)))))
      (if (i32.ge_u (local.get $i) (local.get $end)) (then (return (i32.const 0))))
      (local.set $c (i32.load8_u (local.get $i)))
      (if (i32.eq (local.get $c) (i32.const 0x2c))
        (then
          (local.set $i (call $ws (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
          (local.set $state (select (i32.const 1) (i32.const 0) (i32.eq (i32.load8_u (local.get $depth)) (i32.const 1))))
          (br $machine)))
      (if (i32.eq
            (local.get $c)
            (select (i32.const 0x7d) (i32.const 0x5d) (i32.eq (i32.load8_u (local.get $depth)) (i32.const 1))))
        (then
          (local.set $depth (i32.sub (local.get $depth) (i32.const 1)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $machine)))
      (return (i32.const 0)))
    (i32.const 0))

  ;; The complete lines of [p, p + n) (each ended by '\n', a final one without it too; a
  ;; trailing '\r' is not part of the line; empty lines are skipped): how many are well-formed.
  ;; The line count is left at byte 1024 (i32) for the caller.
  (func (export "lines") (param $p i32) (param $n i32) (param $maxDepth i32) (result i32)
    (local $end i32) (local $start i32) (local $i i32) (local $lineEnd i32) (local $ok i32) (local $count i32)
    (local.set $end (i32.add (local.get $p) (local.get $n)))
    (local.set $start (local.get $p))
    (local.set $i (local.get $p))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $start) (local.get $end)))
        (local.set $i (local.get $start))
        (block $found
          (loop $scan
            (br_if $found (i32.ge_u (local.get $i) (local.get $end)))
            (br_if $found (i32.eq (i32.load8_u (local.get $i)) (i32.const 0x0a)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $scan)))
        (local.set $lineEnd (local.get $i))
        (if (i32.gt_u (local.get $lineEnd) (local.get $start))
          (then
            (if (i32.eq (i32.load8_u (i32.sub (local.get $lineEnd) (i32.const 1))) (i32.const 0x0d))
              (then (local.set $lineEnd (i32.sub (local.get $lineEnd) (i32.const 1)))))))
        (if (i32.gt_u (local.get $lineEnd) (local.get $start))
          (then
            (local.set $count (i32.add (local.get $count) (i32.const 1)))
            (local.set $ok
              (i32.add (local.get $ok) (call $line (local.get $start) (local.get $lineEnd) (local.get $maxDepth))))))
        (local.set $start (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.store (i32.const 1024) (local.get $count))
    (local.get $ok))
)
