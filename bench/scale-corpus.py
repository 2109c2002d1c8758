#!/usr/bin/env python3
"""Write a scaled copy of a corpus: every file N times, each copy a distinct document.

    python3 bench/scale-corpus.py SRC_DIR OUT_DIR N

Copy 0 is the file as it is; copy k (1 <= k < N) goes to OUT_DIR/xK/NAME with
  - its own number: the first "Số: 123/…" or "số: 123/…" line gets 123 + 1000*k,
  - its own date: the first "ngày D tháng M năm YYYY" gets the day shifted by k
    (mod 28) and the year lowered by k % 5,
  - a few words changed: one pair of the list below swapped in both directions,
    chosen by k, and the copy's own line at the end ("Bản sao thứ k.").
Encodings are kept: files that are not UTF-8 are copied byte for byte with only
the last line added in ASCII. The result is deterministic.
"""
import os
import re
import sys

SWAPS = [
    ("tăng cường", "đẩy mạnh"),
    ("kiểm tra", "rà soát"),
    ("triển khai", "tổ chức thực hiện"),
    ("kịp thời", "nhanh chóng"),
    ("nghiêm túc", "đầy đủ"),
    ("phối hợp", "cùng với"),
    ("báo cáo", "tổng hợp báo cáo"),
    ("hướng dẫn", "chỉ dẫn"),
    ("đề nghị", "yêu cầu"),
]
NUMBER = re.compile(r"([Ss]ố:?\s*)(\d{1,6})(/)")
DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


def swap(text, a, b):
    marker = "\x00"
    text = text.replace(a, marker)
    text = text.replace(b, a)
    return text.replace(marker, b)


def variant(text, k):
    text = NUMBER.sub(lambda m: m.group(1) + str(int(m.group(2)) + 1000 * k) + m.group(3), text, count=1)

    def date(m):
        d = (int(m.group(1)) - 1 + k) % 28 + 1
        return "ngày %d tháng %s năm %d" % (d, m.group(2), int(m.group(3)) - k % 5)

    text = DATE.sub(date, text, count=1)
    a, b = SWAPS[k % len(SWAPS)]
    text = swap(text, a, b)
    return text + "\nBản sao thứ %d.\n" % k


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: scale-corpus.py SRC_DIR OUT_DIR N")
    src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    names = sorted(f for f in os.listdir(src) if f.endswith(".txt"))
    total = 0
    for k in range(n):
        d = os.path.join(out, "x%d" % k)
        os.makedirs(d, exist_ok=True)
        for name in names:
            raw = open(os.path.join(src, name), "rb").read()
            if k == 0:
                data = raw
            else:
                try:
                    data = variant(raw.decode("utf-8"), k).encode("utf-8")
                except UnicodeDecodeError:
                    data = raw + b"\nBan sao thu %d.\n" % k
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
            total += len(data)
    print("scale-corpus: %d files x %d = %d files, %d bytes in %s" % (len(names), n, len(names) * n, total, out))


if __name__ == "__main__":
    main()
