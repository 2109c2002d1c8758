#!/usr/bin/env python3
"""Encode UTF-8 text as VNI-Windows, independently of the C table (for tests).

VNI writes a base letter followed by one byte for its marks; ơ ư đ and the
accented i are single bytes. Usage: vni.py < utf8 > vni
"""
import sys
import unicodedata

TONES = {"\u0300": "ø", "\u0301": "ù", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
CIRC = {None: "â", "\u0301": "á", "\u0300": "à", "\u0309": "å", "\u0303": "ã", "\u0323": "ä"}
BREVE = {None: "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
I_TONE = {"\u0300": "ì", "\u0301": "í", "\u0309": "æ", "\u0303": "ó", "\u0323": "ò"}


def enc_char(ch):
    if ch in "đĐ":
        return "ñ" if ch == "đ" else "Ñ"
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    if not marks or not base.isascii():
        return ch
    upper = base.isupper()
    tone = next((m for m in marks if m in TONES), None)
    mod = next((m for m in marks if m in "\u0302\u0306\u031b"), None)
    if mod == "\u031b":  # horn: ơ ư are single bytes
        out = ("ô" if base.lower() == "o" else "ö")
        mark = TONES.get(tone, "") if tone else ""
    elif base.lower() == "i" and tone and not mod:
        out, mark = I_TONE[tone], ""
    else:
        out = base.lower()
        if mod == "\u0302":
            mark = CIRC[tone]
        elif mod == "\u0306":
            mark = BREVE[tone]
        elif tone:
            mark = "î" if (base.lower() == "y" and tone == "\u0323") else TONES[tone]
        else:
            mark = ""
    s = out + mark
    return s.upper() if upper else s


def main():
    text = unicodedata.normalize("NFC", sys.stdin.buffer.read().decode("utf-8"))
    out = "".join(enc_char(c) for c in text)
    # VNI-Windows is a Windows-1252 font: curly quotes are in 0x80-0x9F
    sys.stdout.buffer.write(out.encode("cp1252", errors="replace"))


if __name__ == "__main__":
    main()
