package attr

// KeyBytes returns an order-preserving binary encoding of an S, N or B key
// value: for two values a and b of the same kind,
// bytes.Compare(KeyBytes(a), KeyBytes(b)) == Compare(a, b). S and B encode
// as their raw bytes. N encodes as a sign class, an exponent byte and one
// byte per significant digit:
//
//	negative: 0x01, 255-(E+130), (9-d)+'0' per digit, 0xFF
//	zero:     0x02
//	positive: 0x03, E+130, d+'0' per digit
//
// where E is the exponent of the leading digit (-130..125). Digits carry no
// trailing zeros, so for positives a prefix is smaller; negatives end in
// 0xFF so that a prefix (a smaller magnitude) sorts after. KeyBytes returns
// nil for other kinds.
func KeyBytes(v Value) []byte {
	return AppendKeyBytes(nil, v)
}

// AppendKeyBytes appends KeyBytes(v) to dst.
func AppendKeyBytes(dst []byte, v Value) []byte {
	switch v.kind {
	case KindS:
		return append(dst, v.s...)
	case KindB:
		return append(dst, v.b...)
	case KindN:
		n, err := numberFromDecimal(v.num)
		if err != nil || n.digits == "" {
			return append(dst, 0x02)
		}
		e := byte(n.adjusted() - MinExponent)
		if !n.neg {
			dst = append(dst, 0x03, e)
			return append(dst, n.digits...)
		}
		dst = append(dst, 0x01, 255-e)
		for i := 0; i < len(n.digits); i++ {
			dst = append(dst, '9'-n.digits[i]+'0')
		}
		return append(dst, 0xFF)
	}
	return dst
}

// KeyTuple encodes several key values (a hash key and a range key, say)
// into one byte string whose order is the lexicographic order of the
// tuples. Each component is KeyBytes escaped (0x00 → 0x00 0xFF) and
// terminated by 0x00 0x01, so no component is a prefix of another.
func KeyTuple(vs ...Value) []byte {
	var dst, tmp []byte
	for _, v := range vs {
		tmp = AppendKeyBytes(tmp[:0], v)
		for _, c := range tmp {
			if c == 0x00 {
				dst = append(dst, 0x00, 0xFF)
				continue
			}
			dst = append(dst, c)
		}
		dst = append(dst, 0x00, 0x01)
	}
	return dst
}
