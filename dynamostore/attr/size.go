package attr

// Size returns the number of bytes DynamoDB counts for v toward the 400 KB
// item limit: strings and binaries by length (UTF-8 bytes), numbers by
// their base-100 digit pairs plus an exponent byte (and a sign byte when
// negative), BOOL and NULL one byte, sets the sum of their members, lists
// and maps 3 bytes plus one byte per element plus the elements (and, for
// maps, the member names).
func Size(v Value) int {
	switch v.kind {
	case KindS:
		return len(v.s)
	case KindB:
		return len(v.b)
	case KindN:
		return numberSize(v)
	case KindBOOL, KindNULL:
		return 1
	case KindSS, KindNS, KindBS:
		n := 0
		for _, m := range v.l {
			n += Size(m)
		}
		return n
	case KindL:
		n := 3
		for _, e := range v.l {
			n += 1 + Size(e)
		}
		return n
	case KindM:
		n := 3
		for k, e := range v.m {
			n += 1 + len(k) + Size(e)
		}
		return n
	}
	return 0
}

func numberSize(v Value) int {
	n, err := numberFromDecimal(v.num)
	if err != nil || n.digits == "" {
		return 1
	}
	digits := len(n.digits)
	size := 1 + (digits+1)/2
	if digits%2 == 0 && n.adjusted()%2 == 0 {
		size++ // the leading digit sits alone in its base-100 pair
	}
	if n.neg {
		size++
	}
	return size
}

// ItemSize returns the size of an item: the sum of attribute name lengths
// and value sizes. DynamoDB rejects items over 400 KB (MaxItemSize).
func ItemSize(it Item) int {
	n := 0
	for k, v := range it {
		n += len(k) + Size(v)
	}
	return n
}

// MaxItemSize is DynamoDB's item size limit in bytes.
const MaxItemSize = 400 * 1024
