;; Bootstrap means in WebAssembly: the same numbers as `resampledMeansJs` (resample.ts), bit for
;; bit, about three times faster in Chromium (whose JIT runs the JavaScript loop at ~6 ns a draw).
;; Assembled by `npm run wasm` into means.bytes.ts; a test checks the two are in step.
;;
;; means(n, resamples, seed, out): the values are f64s at address 0 (n of them); for each
;; resample r, out[r] (f64 at out + 8r) = the mean of n values drawn with replacement, value
;; floor(u / 2^32 · n) for each number u of the mulberry32 stream of `seed` (createRandom in
;; random.ts), in order, summed left to right in one accumulator as the JavaScript does.
;; The index is (u · n) >> 32 in 64-bit integers: equal to the JavaScript's floor((u / 2^32) · n)
;; in doubles while u · n < 2^53, that is for n < 2^21 (the caller's limit). Returns the
;; generator state after the last draw.
(module
  (memory (export "memory") 1)
  (func (export "means") (param $n i32) (param $resamples i32) (param $seed i32) (param $out i32) (result i32)
    (local $a i32) (local $t i32) (local $r i32) (local $i i32) (local $sum f64) (local $nf f64) (local $n64 i64)
    (local.set $a (local.get $seed))
    (local.set $nf (f64.convert_i32_u (local.get $n)))
    (local.set $n64 (i64.extend_i32_u (local.get $n)))
    (block $done
      (loop $resample
        (br_if $done (i32.ge_u (local.get $r) (local.get $resamples)))
        (local.set $sum (f64.const 0))
        (local.set $i (i32.const 0))
        (block $drawn
          (loop $draw
            (br_if $drawn (i32.ge_u (local.get $i) (local.get $n)))
            ;; mulberry32: a += 0x6d2b79f5; t = imul(a ^ a >>> 15, a | 1);
            ;; t ^= t + imul(t ^ t >>> 7, t | 61); u = t ^ t >>> 14
            (local.set $a (i32.add (local.get $a) (i32.const 0x6d2b79f5)))
            (local.set $t (i32.mul (i32.xor (local.get $a) (i32.shr_u (local.get $a) (i32.const 15))) (i32.or (local.get $a) (i32.const 1))))
            (local.set $t
              (i32.xor (local.get $t)
                (i32.add (local.get $t) (i32.mul (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 7))) (i32.or (local.get $t) (i32.const 61))))))
            (local.set $t (i32.xor (local.get $t) (i32.shr_u (local.get $t) (i32.const 14))))
            ;; sum += values[(u · n) >> 32]
            (local.set $sum
              (f64.add (local.get $sum)
                (f64.load
                  (i32.shl
                    (i32.wrap_i64 (i64.shr_u (i64.mul (i64.extend_i32_u (local.get $t)) (local.get $n64)) (i64.const 32)))
                    (i32.const 3)))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $draw)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 3))) (f64.div (local.get $sum) (local.get $nf)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $resample)))
    (local.get $a)))
