#!/usr/bin/env bash
# Regenerate the seed corpora tests/fuzz/corpus/<harness>/ (run once; the
# output is committed). Deterministic: the same inputs give the same files.
#
#   bash tests/fuzz/make-seeds.sh
#
# Sources: corpus/5287-BCD-2020.txt cut into pieces, headers, bodies and
# closings cut from ../shared/corpus-real/docs (skipped when absent),
# legacy-encoded variants made with iconv (CP1258, TCVN5712-1, VISCII) and
# tests/cli/vni.py (VNI), UTF-16 variants, and for queries the examples of
# docs/query.md and docs/query-syntax.md. At most 30 files of at most 4 KB
# per harness. Each file starts with the selector bytes its harness reads
# (see the comment at the top of tests/fuzz/fuzz_<harness>.c).
set -eu
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
command -v iconv >/dev/null || { echo "make-seeds: iconv is needed" >&2; exit 1; }
exec python3 - "$ROOT" <<'PY'
import os, re, subprocess, sys, unicodedata

root = sys.argv[1]
out = os.path.join(root, "tests/fuzz/corpus")
real = os.path.join(root, "../shared/corpus-real")
seed_path = os.path.join(root, "corpus/5287-BCD-2020.txt")
MAXF, MAXB = 30, 4096

def enc_iconv(text, code):
    p = subprocess.run(["iconv", "-c", "-f", "UTF-8", "-t", code], input=text.encode("utf-8"),
                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    return p.stdout

def enc_vni(text):
    p = subprocess.run([sys.executable, os.path.join(root, "tests/cli/vni.py")], input=text.encode("utf-8"),
                       stdout=subprocess.PIPE, check=True)
    return p.stdout

def cut_utf8(b, n):
    """at most n bytes of b, not splitting a character"""
    if len(b) <= n:
        return b
    b = b[:n]
    while b and (b[-1] & 0xC0) == 0x80:
        b = b[:-1]
    if b and b[-1] >= 0xC0:
        b = b[:-1]
    return b

def lines_upto(text, n):
    """whole lines from the start of text, at most n bytes of UTF-8"""
    outl, size = [], 0
    for line in text.split("\n"):
        k = len(line.encode("utf-8")) + 1
        if size + k > n:
            break
        outl.append(line)
        size += k
    if not outl:
        return cut_utf8(text.encode("utf-8"), n).decode("utf-8", "ignore")
    return "\n".join(outl) + "\n"

def tail_lines(text, n):
    lines = text.rstrip("\n").split("\n")
    outl, size = [], 0
    for line in reversed(lines):
        k = len(line.encode("utf-8")) + 1
        if size + k > n:
            break
        outl.insert(0, line)
        size += k
    return "\n".join(outl) + "\n"

def pieces(text, n):
    """consecutive pieces of whole paragraphs, each at most n bytes"""
    res, cur = [], ""
    for para in re.split(r"(\n\s*\n)", text):
        if len((cur + para).encode("utf-8")) > n and cur.strip():
            res.append(cur)
            cur = ""
        cur += para
    if cur.strip():
        res.append(cur)
    return [cut_utf8(p.encode("utf-8"), n).decode("utf-8", "ignore") for p in res]

class Seeds:
    def __init__(self, name):
        self.name = name
        self.dir = os.path.join(out, name)
        self.files = {}
    def add(self, label, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        data = data[:MAXB]
        if len(self.files) >= MAXF or len(data) < 2:
            return
        if any(v == data for v in self.files.values()):
            return
        label = re.sub(r"[^a-z0-9._-]+", "-", label.lower()).strip("-")[:48]
        self.files["%02d-%s" % (len(self.files) + 1, label)] = data
    def write(self):
        os.makedirs(self.dir, exist_ok=True)
        for f in os.listdir(self.dir):
            os.remove(os.path.join(self.dir, f))
        for k, v in self.files.items():
            with open(os.path.join(self.dir, k), "wb") as fh:
                fh.write(v)
        print("make-seeds: %-8s %2d files, %6d bytes" % (self.name, len(self.files), sum(map(len, self.files.values()))))

seed = open(seed_path, encoding="utf-8").read()

# a few real documents of different types, smallest first within a type
docs = []
if os.path.exists(os.path.join(real, "metadata.tsv")):
    by_type = {}
    with open(os.path.join(real, "metadata.tsv"), encoding="utf-8") as fh:
        next(fh)
        for row in fh:
            f = row.rstrip("\n").split("\t")
            by_type.setdefault(f[2], []).append((int(f[11]), f[0]))
    # round robin over the types: every type first, then second picks
    lists = [sorted(x for x in by_type[t] if x[0] > 600)[:3] for t in sorted(by_type) if t != "type"]
    for k in range(3):
        docs += [l[k][1] for l in lists if len(l) > k]
def real_text(name):
    return open(os.path.join(real, "docs", name), encoding="utf-8").read()

# ---------------------------------------------------------------- decode
# byte 0: encoding (0 auto, 1 utf-8, 2 utf-16le, 3 utf-16be, 4 cp1258, 5 tcvn3, 6 viscii, 7 vni)
s = Seeds("decode")
sp = pieces(seed, 1500)
s.add("utf8-auto-head", b"\x00" + sp[0].encode())
s.add("utf8-forced-mid", b"\x01" + sp[3].encode())
s.add("utf8-bom", b"\x00\xef\xbb\xbf" + sp[1].encode())
s.add("utf8-crlf", b"\x00" + sp[2].replace("\n", "\r\n").encode())
s.add("utf8-nfd", b"\x09" + unicodedata.normalize("NFD", sp[4]).encode())
s.add("utf16le-bom-auto", b"\x00\xff\xfe" + sp[5][:600].encode("utf-16-le"))
s.add("utf16le-forced", b"\x02" + sp[5][:600].encode("utf-16-le"))
s.add("utf16be-forced", b"\x03" + sp[6][:600].encode("utf-16-be"))
s.add("utf16be-bom-auto", b"\x00\xfe\xff" + sp[6][:600].encode("utf-16-be"))
for i, (code, val, nm) in enumerate([("CP1258", 4, "cp1258"), ("TCVN5712-1", 5, "tcvn3"), ("VISCII", 6, "viscii")]):
    b = enc_iconv(sp[7 + i], code)
    s.add(nm + "-auto", b"\x00" + b)
    s.add(nm + "-forced", bytes([val]) + b)
b = enc_vni(sp[10])
s.add("vni-auto", b"\x00" + b)
s.add("vni-forced", b"\x07" + b)
s.add("utf8-as-cp1258", b"\x04" + sp[11].encode())
s.add("invalid-utf8", b"\x01" + sp[12].encode()[:300] + b"\xc3\x28\xa0\xa1\xe2\x28\xa1\xf0\x90\x28\xbc\xed\xa0\x80" + sp[12].encode()[300:600])
s.add("controls", b"\x00" + "Số:\x0c10/CT-TTg\x00\x01\x7f\x85 ngày\r22/4/2019\tÐiều 5\r\n".encode())
for n in docs[:12]:
    t = real_text(n)
    s.add("real-" + n[:-4], b"\x00" + lines_upto(t, 1200).encode())
s.write()

# ---------------------------------------------------------------- tokenize
# byte 0: flags (bits 0-1), stop after N tokens (bits 2-4), first_pos (bits 5-7); byte 1: term cap
s = Seeds("tokenize")
tok_lines = [
    "Chỉ thị số 10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ",
    "Nghị định 30/2020/NĐ-CP; Chỉ thị 48-CT/TW; Nghị quyết UBTVQH15",
    "giảm 8,4% số vụ; đạt 84,04%; 1.234.567 đồng; ngày 22.4.2019 và 20-10-2010",
    "Hòa hoà HOÀ thủy thuỷ khỏe khoẻ Đường đi Ðiều",
    "tín-dụng đen, Covid-19, V/v, 5287/BCĐ, BCĐ 799, 138/CP",
    "ﬁ ǅ İstanbul ΣΊΣΥΦΟΣ ß ﬀ 日本語 한국어 ١٢٣ ௧௨",
    "a\u0301 e\u0302\u0301 u\u031b\u0303 i\u0323 combining marks \u0300\u0301 alone",
    "x" * 250 + "/" + "Y9" * 40,
    "1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17/18/19/20/21/22/a",
    "31/12/2199 1/1/1900 32/1/2020 29/02/2021 0/0/0000 2020/08/21",
]
for i, line in enumerate(tok_lines):
    s.add("line%d" % i, bytes([i & 3, (0, 255, 8, 3, 17, 1, 64, 200, 5, 2)[i]]) + line.encode())
s.add("invalid-bytes", b"\x00\x20" + "tín dụng".encode() + b"\x80\xbf\xc3\xe1\x80 x\xbe \xf8\xfe\xff "
      b"\xed\xa0\x80 \xf4\x90\x80\x80 " + "đen".encode())
s.add("nul-inside", b"\x03\x40" + "ab\x00cd 12\x0034 Đ\x00ư".encode())
for i, p in enumerate(pieces(seed, 900)[:8]):
    s.add("seed%d" % i, bytes([(i * 5) & 0x1f, (i * 37 + 3) & 0xff]) + p.encode())
for n in docs[12:22]:
    t = real_text(n)
    s.add("real-" + n[:-4], b"\x00\xff" + lines_upto(t, 900).encode())
s.write()

# ---------------------------------------------------------------- doc
# byte 0: encoding as for decode (0 auto)
s = Seeds("doc")
s.add("seed-head", b"\x00" + lines_upto(seed, 4000).encode())
s.add("seed-tail", b"\x00" + tail_lines(seed, 4000).encode())
sp = pieces(seed, 3000)
s.add("seed-mid", b"\x01" + sp[2].encode())
s.add("seed-head-vni", b"\x00" + enc_vni(lines_upto(seed, 2000)))
s.add("seed-head-tcvn3", b"\x00" + enc_iconv(lines_upto(seed, 2500), "TCVN5712-1"))
s.add("seed-tail-cp1258", b"\x04" + enc_iconv(tail_lines(seed, 2500), "CP1258"))
heads, tails, bodies = [], [], []
for n in docs:
    t = real_text(n)
    heads.append(("head-" + n[:-4], lines_upto(t, 4000)))
    tails.append(("tail-" + n[:-4], tail_lines(t, 3000)))
    m = re.search(r"\n(Chương [IVX]+|Điều \d+\.|PHỤ LỤC|Mục \d+)", t)
    if m:
        bodies.append(("body-" + n[:-4], lines_upto(t[m.start() + 1:], 3500)))
for label, text in heads[:10] + tails[:7] + bodies[:7]:
    s.add(label, b"\x00" + text.encode())
s.write()

# ---------------------------------------------------------------- cite
# byte 0: leading phrase (bits 0-3), wrap in a document (bit 4), trailing phrase (bits 5-7)
s = Seeds("cite")
cite_re = re.compile(r"(Nghị định|Thông tư|Luật|Quyết định|Chỉ thị|Nghị quyết|Bộ luật|Pháp lệnh|Hiến pháp)"
                     r"[^\n]{0,40}(số|\d+/)|(khoản|điểm) [0-9a-zđ]+ Điều \d+|nêu trên|nói trên")
paras = []
for line in seed.split("\n"):
    if cite_re.search(line):
        paras.append(line)
names = sorted(os.listdir(os.path.join(real, "docs"))) if docs else []
for n in names[::23]:
    best = max((l for l in real_text(n).split("\n") if 40 < len(l.encode()) < 1500),
               key=lambda l: len(cite_re.findall(l)), default=None)
    if best and cite_re.search(best):
        paras.append(best)
sel = [0x00, 0x10, 0x01, 0x02, 0x03, 0x13, 0x2c, 0x4b, 0x85, 0xf0]
s.add("bare-number", b"\x01" + "10/CT-TTg ngày 22/4/2019 của Thủ tướng Chính phủ về tăng cường".encode())
s.add("pinpoints", b"\x03" + "46/2014/NĐ-CP và điểm h khoản 1 Điều 19 Nghị định 30/2020/NĐ-CP, Điều 5 khoản 2 điểm đ".encode())
s.add("nêu-trên", b"\x0b" + "30/2020/NĐ-CP ngày 5 tháng 3 năm 2020 của Chính phủ; theo Nghị định nêu trên".encode())
s.add("luat-qh", b"\x00" + "theo Luật Đất đai số 45/2013/QH13, Bộ luật Hình sự số 100/2015/QH13 và Hiến pháp năm 2013".encode())
for i, p in enumerate(paras):
    s.add("para%d" % i, bytes([sel[i % len(sel)]]) + cut_utf8(p.encode(), 3000))
s.write()

# ---------------------------------------------------------------- query
s = Seeds("query")
qs = []
for line in open(os.path.join(root, "docs/query.md"), encoding="utf-8"):
    m = re.match(r"\$ vanban-query .*?'(.*)'", line)
    if m and m.group(1) not in qs:
        qs.append(m.group(1))
for line in open(os.path.join(root, "docs/query-syntax.md"), encoding="utf-8"):
    if line.startswith("| `"):
        for q in re.findall(r"`([^`]+)`", line.split("|")[1]):
            if q not in qs:
                qs.append(q)
extra = ['tín "dụng đen', "((((a))))", "a OR -b", "-x", "ngay:2020-13-01", "so:", 'ref:"46/2014/NĐ-CP điểm đ khoản 2 Điều 5"',
         "nam:2019..2021 NOT (a OR b) \u201cc d\u201d"]
qs = qs + [q for q in extra if q not in qs]
if len(qs) > MAXF:
    step = len(qs) / MAXF
    qs = [qs[int(i * step)] for i in range(MAXF)]
for i, q in enumerate(qs):
    s.add("q%02d" % i, q.encode())
s.write()
PY
