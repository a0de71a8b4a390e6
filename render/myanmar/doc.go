// Package myanmar handles Myanmar (Burmese) text for the renderer: line
// break opportunities and syllable segmentation, detection of legacy
// Zawgyi-encoded text and its conversion to Unicode, safe repairs of common
// Unicode typing mistakes, and the positions where a shaper would find an
// invalid cluster.
//
// Everything here is pure: functions of their input, with only immutable
// tables at package level.
package myanmar
