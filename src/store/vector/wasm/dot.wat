;; Dot products of one query against a row-major f32 matrix, four lanes at a time (WASM SIMD).
;; scan(q, m, n, dim, out): out[i] = sum_j m[i*dim + j] * q[j] for i in [0, n); dim % 8 == 0.
;; scanRows(q, m, rows, n, dim, out): the same for the n row numbers (i32) at `rows` only, so a
;; filter (model, category, archived) is applied before scoring rather than after.
;; Pointers are byte offsets into the exported memory. Compiled by scripts/wasm/build.ts into
;; dotWasm.ts (a test checks the committed bytes still match this source).
(module
  (memory (export "memory") 1)
  (func (export "scan") (param $q i32) (param $m i32) (param $n i32) (param $dim i32) (param $out i32)
    (local $row i32) (local $j i32) (local $bytes i32) (local $end i32) (local $a v128) (local $b v128) (local $s v128)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $row (local.get $m))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $rows
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $cols
          (local.set $a (f32x4.add (local.get $a)
            (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $j)))
                       (v128.load (i32.add (local.get $q) (local.get $j))))))
          (local.set $b (f32x4.add (local.get $b)
            (f32x4.mul (v128.load offset=16 (i32.add (local.get $row) (local.get $j)))
                       (v128.load offset=16 (i32.add (local.get $q) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $bytes))))
        (local.set $s (f32x4.add (local.get $a) (local.get $b)))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
            (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))
        (local.set $row (i32.add (local.get $row) (local.get $bytes)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $rows))))
  (func (export "scanRows") (param $q i32) (param $m i32) (param $rows i32) (param $n i32) (param $dim i32) (param $out i32)
    (local $row i32) (local $j i32) (local $bytes i32) (local $end i32) (local $a v128) (local $b v128) (local $s v128)
    (local.set $bytes (i32.shl (local.get $dim) (i32.const 2)))
    (local.set $end (i32.add (local.get $out) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $out) (local.get $end)))
        (local.set $row (i32.add (local.get $m) (i32.mul (i32.load (local.get $rows)) (local.get $bytes))))
        (local.set $a (v128.const f32x4 0 0 0 0))
        (local.set $b (v128.const f32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (loop $cols
          (local.set $a (f32x4.add (local.get $a)
            (f32x4.mul (v128.load (i32.add (local.get $row) (local.get $j)))
                       (v128.load (i32.add (local.get $q) (local.get $j))))))
          (local.set $b (f32x4.add (local.get $b)
            (f32x4.mul (v128.load offset=16 (i32.add (local.get $row) (local.get $j)))
                       (v128.load offset=16 (i32.add (local.get $q) (local.get $j))))))
          (local.set $j (i32.add (local.get $j) (i32.const 32)))
          (br_if $cols (i32.lt_u (local.get $j) (local.get $bytes))))
        (local.set $s (f32x4.add (local.get $a) (local.get $b)))
        (f32.store (local.get $out)
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $s)) (f32x4.extract_lane 1 (local.get $s)))
            (f32.add (f32x4.extract_lane 2 (local.get $s)) (f32x4.extract_lane 3 (local.get $s)))))
        (local.set $rows (i32.add (local.get $rows) (i32.const 4)))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (br $each)))))
