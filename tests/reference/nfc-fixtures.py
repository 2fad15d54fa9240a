#!/usr/bin/env python3
"""nfc-fixtures.py - reference NFC strings for tests/unit/test_utf8.c.

Python's unicodedata.normalize('NFC') is the independent reference.  Writes
tests/reference/fixtures/nfc.txt: one case a line, "INPUT_HEX OUTPUT_HEX"
(UTF-8 bytes in hex).  The inputs: every character of the Latin blocks
(Latin-1 Supplement, Latin Extended-A/B, Latin Extended Additional) and the
combining marks U+0300-U+036F in NFD and alone; Vietnamese sentences in NFD;
random letters followed by random marks in random order (reordering and
blocking); Greek, Cyrillic and Hangul.  Only characters assigned in Python's
Unicode version are used (the C tables may be newer).

Usage: python3 tests/reference/nfc-fixtures.py > tests/reference/fixtures/nfc.txt
"""
import random
import sys
import unicodedata as ud

random.seed(20261201)


def assigned(c):
    return ud.category(c) != "Cn"


def case(s):
    sys.stdout.write("%s %s\n" % (s.encode("utf-8").hex() or "-", ud.normalize("NFC", s).encode("utf-8").hex() or "-"))


latin = [chr(c) for r in ((0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(*r) if assigned(chr(c))]
marks = [chr(c) for c in range(0x300, 0x370) if assigned(chr(c))]
for ch in latin:
    case(ch)
    case(ud.normalize("NFD", ch))
for m in marks:
    case(m)
    case("a" + m)
    case("e" + m + "\u0323")
vi = ["Năm học 2018–2019, toàn huyện có 45/60 trường đạt chuẩn quốc gia (75%).",
      "Đến hết tháng 6-2020, 312 xã (chiếm 24,6% tổng số xã) đạt chuẩn nông thôn mới.",
      "Khu dân cư, xã, phường, thị trấn, cơ quan, doanh nghiệp, nhà trường đạt tiêu chuẩn “An toàn về ANTT”.",
      "Gia đình văn hóa; thôn, tổ dân phố văn hóa; Ưu điểm; Tồn tại, khó khăn; Bài học kinh nghiệm; ỘỞỠỢ ửữự ậẫẩ."]
for s in vi:
    case(s)
    case(ud.normalize("NFD", s))
    case(ud.normalize("NFKD", s))
bases = list("aeiouyAEIOUYcnsgzwhkrdDĐơưƠƯαωЕи") + ["\u1100\u1161", "\uac00", "\u0b47", "\u0b3e"]
for _ in range(3000):
    s = "".join(random.choice(bases) + "".join(random.choice(marks) for _ in range(random.randint(0, 4)))
                for _ in range(random.randint(1, 5)))
    case(s)
    case(ud.normalize("NFD", s))
for s in ["\u1100\u1161\u11a8", "\uac00\u11a8", "\u1112\u1161\u11ab\u1100\u1173\u11af", "\u0b47\u0b3e\u0b57",
          "\u0344", "\u0340\u0341", "\u1e9b\u0323", "\u212b\u2126", "q\u0307\u0323", "\u00e0\u0323\u0302"]:
    case(s)
