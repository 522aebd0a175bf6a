package redact

// ibanLengths lists each IBAN country code with the length of its IBANs
// (SWIFT IBAN registry), four characters per country.
const ibanLengths = "AD24AE23AL28AT20AZ28BA20BE16BG22BH22BI27BR29BY28CH21CR22CY28CZ24" +
	"DE22DJ27DK18DO28EE20EG29ES24FI18FK18FO18FR27GB22GE22GI23GL18GR27GT28" +
	"HR21HU28IE22IL23IQ23IS26IT27JO30KW30KZ20LB28LC32LI21LT20LU20LV21LY25" +
	"MC27MD24ME22MK19MN20MR27MT31MU30NI28NL18NO15OM23PK24PL28PS29PT25QA29" +
	"RO24RS22RU33SA24SC31SD18SE24SI19SK24SM27SO23ST25SV28TL23TN24TR26UA29" +
	"VA22VG24XK20YE30"

// ibanLength returns the IBAN length of a country code, or 0 if the
// country has no IBANs.
func ibanLength(cc string) int {
	for i := 0; i+4 <= len(ibanLengths); i += 4 {
		if ibanLengths[i:i+2] == cc {
			return int(ibanLengths[i+2]-'0')*10 + int(ibanLengths[i+3]-'0')
		}
	}
	return 0
}

// findIBAN reports whether an IBAN starts at s[i] and where it ends. It may
// be written in groups separated by single spaces ("DE89 3704 0044 0532
// 0130 00"); it must have its country's length and pass the ISO 7064
// mod-97 check. When the text has an IBAN's shape but fails the check it
// returns the shape's end and false.
func findIBAN(s string, i int) (int, bool) {
	if i+4 > len(s) || !isUpper(s[i+1]) || !isDigit(s[i+2]) || !isDigit(s[i+3]) {
		return 0, false
	}
	n := ibanLength(s[i : i+2])
	if n == 0 {
		return 0, false
	}
	var buf [34]byte
	got, j := 0, i
	for got < n && j < len(s) {
		c := s[j]
		switch {
		case isDigit(c) || isUpper(c):
			buf[got] = c
			got++
			j++
		case c == ' ' && j+1 < len(s) && (isDigit(s[j+1]) || isUpper(s[j+1])):
			j++
		default:
			return 0, false
		}
	}
	if got != n || j < len(s) && isAlnum(s[j]) {
		return 0, false
	}
	return j, mod97(buf[4:n], buf[:4]) == 1
}

// mod97 returns the ISO 7064 mod-97 remainder of a followed by b, letters
// counting as two digits (A = 10 … Z = 35).
func mod97(a, b []byte) int {
	r := 0
	for _, part := range [2][]byte{a, b} {
		for _, c := range part {
			if isDigit(c) {
				r = (r*10 + int(c-'0')) % 97
			} else {
				r = (r*100 + int(c-'A') + 10) % 97
			}
		}
	}
	return r
}

// isUpper reports whether c is an ASCII upper-case letter.
func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
