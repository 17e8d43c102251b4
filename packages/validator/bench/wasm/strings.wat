;; The string part of the byte-level scanner in WebAssembly, for issue #12's "JavaScript on
;; Uint8Array or WebAssembly, whichever measures faster here — show both figures": it finds a
;; JSON string's closing quote, validates its UTF-8 (RFC 3629) and flags escapes, as
;; src/scan-runtime.ts's `str`/`strSlow` do in JavaScript. bench/wasm/strings.mjs compiles it
;; with wabt and bench/scan-micro.mjs runs the generated scanner with it (task `scanWasm`).
;;
;; 16 bytes at a time (SIMD): a block with no quote, backslash, control byte or byte above 0x7f
;; is skipped whole (a signed compare below 0x20 catches control and high bytes at once); in
;; another block the first such byte is found by its bitmask and handled alone. A run of
;; two-byte sequences (Cyrillic, Greek, …) is validated in a scalar loop.
;;
;; The caller's bytes live in this module's memory, with 16 readable bytes after the last one.
(module
  (memory (export "memory") 1)

  ;; Length of the UTF-8 sequence at j (lead byte >= 0x80) before end, or 0 when malformed.
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

  ;; The rest of a string from j (inside it) up to end (the line's end): the closing quote's
  ;; index q as (q << 2) | escaped | high << 1; -1 when it is not a string (a control byte, or
  ;; no closing quote before end); -2 when its UTF-8 is malformed.
  (func (export "stringEnd") (param $j i32) (param $end i32) (result i32)
    (local $v v128) (local $m i32) (local $c i32) (local $n i32) (local $flags i32)
    (loop $next
      (if (i32.ge_u (local.get $j) (local.get $end)) (then (return (i32.const -1))))
      (local.set $v (v128.load (local.get $j)))
      (local.set $m
        (i8x16.bitmask
          (v128.or
            (v128.or
              (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x22)))
              (i8x16.eq (local.get $v) (i8x16.splat (i32.const 0x5c))))
            (i8x16.lt_s (local.get $v) (i8x16.splat (i32.const 0x20))))))
      (if (i32.eqz (local.get $m))
        (then
          (local.set $j (i32.add (local.get $j) (i32.const 16)))
          (br $next)))
      (local.set $j (i32.add (local.get $j) (i32.ctz (local.get $m))))
      (if (i32.ge_u (local.get $j) (local.get $end)) (then (return (i32.const -1))))
      (local.set $c (i32.load8_u (local.get $j)))
      (if (i32.eq (local.get $c) (i32.const 0x22))
        (then (return (i32.or (i32.shl (local.get $j) (i32.const 2)) (local.get $flags)))))
      (if (i32.eq (local.get $c) (i32.const 0x5c))
        (then
          (local.set $flags (i32.or (local.get $flags) (i32.const 1)))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $next)))
      (if (i32.lt_u (local.get $c) (i32.const 0x20)) (then (return (i32.const -1))))
      ;; A byte above 0x7f: this sequence and the run of sequences after it.
      (local.set $flags (i32.or (local.get $flags) (i32.const 2)))
      (block $run
        (loop $sequence
          ;; A two-byte sequence inline (both bytes before end).
          (local.set $c (i32.load8_u (local.get $j)))
          (if (i32.and
                (i32.and
                  (i32.lt_u (i32.sub (local.get $c) (i32.const 0xc2)) (i32.const 0x1e))
                  (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $end)))
                (i32.eq (i32.and (i32.load8_u offset=1 (local.get $j)) (i32.const 0xc0)) (i32.const 0x80)))
            (then
              (local.set $j (i32.add (local.get $j) (i32.const 2)))
              (br_if $run (i32.ge_u (local.get $j) (local.get $end)))
              (br_if $sequence (i32.ge_u (i32.load8_u (local.get $j)) (i32.const 0x80)))
              (br $run)))
          (local.set $n (call $utf8 (local.get $j) (local.get $end)))
          (if (i32.eqz (local.get $n)) (then (return (i32.const -2))))
          (local.set $j (i32.add (local.get $j) (local.get $n)))
          (br_if $run (i32.ge_u (local.get $j) (local.get $end)))
          (br_if $sequence (i32.ge_u (i32.load8_u (local.get $j)) (i32.const 0x80)))))
      (br $next))
    (i32.const -1))
)
