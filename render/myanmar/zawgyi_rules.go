package myanmar

// zawgyiRules converts Zawgyi-encoded Burmese to Unicode. They are the
// published CLDR transform "my-t-my-s0-zawgyi" (Zawgyi-my) in the revision
// ICU 72 ships, written in the rule syntax translit.go runs. Unicode data
// files: Copyright © 1991-2013 Unicode, Inc., Unicode License.
//
// Passes are separated by "::Null;". Every pass scans the text once, left
// to right, applying the first matching rule at each position.
const zawgyiRules = `
# Sets of Unicode code points.
$nondigits = [^\u1040-\u1049];
$consonant = [\u1000-\u1021];
$vowelsign = [\u102B-\u1030\u1032];
$vowelsAndConsonants = [\u1000-\u102A];
$umedial = [\u103B-\u103E];
# The published set reads "\\1u36" here, which ICU parses as U+0001 and the
# letters u, 3 and 6, not as U+1036; we keep its Myanmar members only, so
# Latin text is never reordered.
$vowelmedial = [\u102B-\u1030\u1032\u1037\u103A-\u103F];
$ukinzi = \u1004\u103A\u1039;
$zmedialra = [\u103B\u107E-\u1084];
$wspace = [\u0020\u00A0\u1680\u2000-\u200d\u2060\u202F\u205F\u3000\ufeff];
# Stage 1: map Zawgyi code points to Unicode ones. Kinzi ligatures first.
($consonant) \u103A \u1064 → $ukinzi $1 \u103B;
($consonant) \u1064 → $ukinzi $1;
\u1064 → $ukinzi;
($consonant) \u108B → $ukinzi $1 \u102D;
($consonant) \u108C → $ukinzi $1 \u102E;
($consonant) \u108D → $ukinzi $1 \u1036;
($consonant) \u103A \u1033 \u108B → $ukinzi $1 \u103B \u102D \u102F;
($consonant) \u103A \u108B → $ukinzi $1 \u103B \u102D;
($consonant) \u103A \u108C → $ukinzi $1 \u103B \u102E;
($consonant) \u103A \u108D → $ukinzi $1 \u103B \u1036;
($consonant) \u103A \u108E → $1 \u103B \u102D \u1036;
\u108B → $ukinzi \u102D;
\u108C → $ukinzi \u102E;
\u108D → $ukinzi \u1036;
# Consonants and medials with other code points in Zawgyi.
\u106A → \u1009;
\u106B → \u100A;
\u108F → \u1014;
\u1090 → \u101B;
\u1086 → \u103F;
[\u103A\u107D] → \u103B;
($zmedialra)+ → \u103C;
\u103C* \u108A → \u103D \u103E;
\u103C → \u103D;
[\u103D\u1087] → \u103E;
\u1088 → \u103E \u102F;
\u1089 → \u103E \u1030;
\u1033 → \u102F;
\u1034 → \u1030;
\u1039 → \u103A;
[\u1094\u1095] → \u1037;
# U+1025 is also Zawgyi's nya.
\u1025 \u1039 → \u1009 \u103A;
\u1025 \u1061 → \u1009 \u1039 \u1001;
\u1025 \u1062 → \u1009 \u1039 \u1002;
\u1025 \u1065 → \u1009 \u1039 \u1005;
\u1025 \u1068 → \u1009 \u1039 \u1007;
\u1025 \u1076 → \u1009 \u1039 \u1013;
\u1025 \u1078 → \u1009 \u1039 \u1015;
\u1025 \u107A → \u1009 \u1039 \u1017;
\u1025 \u1079 → \u1009 \u1039 \u1016;
# Stacked consonants and ligatures.
\u105A → \u102B \u103A;
\u1060 → \u1039 \u1000;
\u1061 → \u1039 \u1001;
\u1062 → \u1039 \u1002;
\u1063 → \u1039 \u1003;
\u1065 → \u1039 \u1005;
[\u1066\u1067] → \u1039 \u1006;
\u1068 → \u1039 \u1007;
\u1069 → \u1039 \u1008;
\u106C → \u1039 \u100B;
\u106D → \u1039 \u100C;
\u1070 → \u1039 \u100F;
[\u1071\u1072] → \u1039 \u1010;
\u1096 → \u1039 \u1010 \u103D;
[\u1073\u1074] → \u1039 \u1011;
\u1075 → \u1039 \u1012;
\u1076 → \u1039 \u1013;
\u1077 → \u1039 \u1014;
\u1078 → \u1039 \u1015;
\u1079 → \u1039 \u1016;
\u107A → \u1039 \u1017;
[\u107B\u1093] → \u1039 \u1018;
\u107C → \u1039 \u1019;
\u1085 → \u1039 \u101C;
\u108E → \u102D \u1036;
\u106E → \u100D\u1039\u100D;
\u106F → \u100D\u1039\u100E;
\u1091 → \u100F\u1039\u100D;
\u1092 → \u100B\u1039\u100C;
\u1097 → \u100B\u1039\u100B;
\u104E → \u104E\u1004\u103A\u1038;
::Null;
# Stage 1.01: digits zero and four used for the letters wa and the locative.
^ \u1040 ($nondigits) → \u101D $1;
^ \u1044 ($nondigits) → | \u104E $1;
($nondigits) \u1040 $ → $1 \u101D;
($nondigits) \u1044 $ → $1 \u104e;
([\u102B-\u103F]) \u1040 ($nondigits) → $1 \u101D $2;
([\u102B-\u103F]) \u1044 ($nondigits) → $1 \u104E $2;
::Null;
# Stage 1.1: drop spaces before marks; move e-vowel (stored first in Zawgyi)
# after the consonant and medials.
($wspace) \u1037 > \u1037 $1;
($wspace+) ([\u102B-\u1030\u1032-\u103B\u103D\u103E]) → $2;
\u1037+ → \u1037;
\u1031+ $ukinzi ($consonant) > $ukinzi $1 \u1031;
\u1031+ \u1037+ ($consonant) > $1 \u1031 \u1037;
\u1031+ \u103C ($consonant) > $1 \u103C \u1031;
\u1031+ ($consonant) ([\u103B\u103D\u103E]+) > $1 $2 \u1031;
\u1031+ ($vowelsAndConsonants) > $1 \u1031;
::Null;
# Stage 2: first reorderings in Unicode order.
\u103B \u103A > \u103A \u103B;
\u1025 \u102E → \u1026;
\u103A\u1037 → \u1037\u103A;
\u1036 ($umedial*) ($vowelsign+) → $1 $2 \u1036;
([\u102B\u102C\u102F\u1030]) ([\u102D\u102E\u1032]) → $2 $1;
\u103C ($consonant) → $1 \u103C;
::Null;
# Stage 3: stacked consonants and medial ra.
($umedial) \u1039 ($consonant) > \u1039 $2 $1;
\u103C \u103A \u1039 ($consonant) → \u103A \u1039 $1 \u103C;
\u1036 ($umedial+) → $1 \u1036;
::Null;
# Stage 4: sort medials; contractions; e-vowel; dot below; asat.
([\u103C\u103D\u103E]+) \u103B → \u103B $1;
([\u103D\u103E]+) \u103C → \u103C $1;
\u103E\u103D → \u103D\u103E;
([\u1031]+) ($vowelsign*) \u1039 ($consonant) → \u1039 $3 $1 $2;
($vowelsign+) \u1039 ($consonant) → \u1039 $2 $1;
($umedial*) ([\u1031]+) ($umedial*) → $1 $3 $2;
\u1037 ([\u102D-\u1030\u1032\u1036\u103B-\u103E]+) → $1 \u1037;
($vowelsign+) ($umedial+) → $2 $1;
($consonant) ([\u102B-\u1032\u1036\u103B-\u103E]) \u103A ($consonant) → $1 \u103A $2 $3;
::Null;
# Stage 5: more reordering; visarga last.
\u1005 \u103B → \u1008;
([\u102B-\u1032]) ($umedial) → $2 $1;
([\u103C\u103D\u103E]) \u103B → \u103B $1;
([\u103D\u103E]) \u103C → \u103C $1;
\u103E\u103D → \u103D\u103E;
\u1038 ($vowelmedial) → $1 \u1038;
\u1036 \u102F → \u102F \u1036;
::Null;
# Stage 6: remove duplicated and conflicting marks; spaces and ZWSP.
\u102D \u102D+ → \u102D;
\u102E \u102E+ → \u102E;
\u102F \u102F+ → \u102F;
\u1030 \u1030+ → \u1030;
\u1032 \u1032+ → \u1032;
\u1036 \u1036+ → \u1036;
\u1037 \u1037+ → \u1037;
\u1039 \u1039+ → \u1039;
\u103A \u103A+ → \u103A;
\u103B \u103B+ → \u103B;
\u103C \u103C+ → \u103C;
\u103D \u103D+ → \u103D;
\u103E \u103E+ → \u103E;
\u102F [\u1030\u103A] → \u102F;
\u102D \u102E → \u102E;
($wspace)+ ([\u102B-\u1032\u1036-\u103E]) → $2;
^ \u200b+ →;
\u200b+ $ →;
$wspace* \u200b $wspace* → \u200b;
`
