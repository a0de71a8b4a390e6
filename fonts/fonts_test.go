package fonts

import (
	"bytes"
	"testing"
)

func TestFaces(t *testing.T) {
	for _, f := range All() {
		t.Run(f.ID, func(t *testing.T) {
			if len(f.Data()) < 1000 || !bytes.Equal(f.Data()[:4], []byte{0, 1, 0, 0}) {
				t.Fatalf("%s is not a TrueType font", f.File)
			}
			lic, err := LicenseText(f)
			if err != nil || !bytes.Contains(lic, []byte("SIL OPEN FONT LICENSE")) {
				t.Fatalf("%s: license %s missing or not the OFL: %v", f.ID, f.License, err)
			}
		})
	}
}

func TestSets(t *testing.T) {
	for _, tc := range []struct {
		name    string
		family  string
		ok      bool
		regular string
	}{
		{"default is noto", "", true, "noto-sans-myanmar-regular"},
		{"noto", FamilyNoto, true, "noto-sans-myanmar-regular"},
		{"pyidaungsu", FamilyPyidaungsu, true, "pyidaungsu-regular"},
		{"unknown", "zawgyi-one", false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := MyanmarSet(tc.family)
			if ok != tc.ok {
				t.Fatalf("ok = %v", ok)
			}
			if !ok {
				return
			}
			if s.Regular.ID != tc.regular || s.Pick(true, true) != s.Bold || s.Pick(false, true) != s.Regular {
				t.Errorf("set %+v: Myanmar has no italic, emphasis must stay upright", s)
			}
		})
	}
	l := LatinSet()
	if l.Pick(true, true).ID != "noto-sans-bolditalic" || len(l.Faces()) != 4 {
		t.Errorf("Latin set: %+v", l)
	}
}
