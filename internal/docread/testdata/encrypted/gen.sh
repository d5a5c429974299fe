#!/bin/sh
# Regenerates the encrypted PDF fixtures with qpdf (tested with 11.3.0):
# one plain two-page report, encrypted the ways producers do. The tests
# read the committed files and need no qpdf.
set -e
cd "$(dirname "$0")"
python3 - <<'PY'
import re
page1 = "BT /F1 12 Tf 72 700 Td (The harbour authority reported on 4 April 2024 that a cyberattack halted container traffic for two days.) Tj 0 -16 Td (Shipping lines diverted vessels to other terminals while engineers restored the systems.) Tj ET"
page2 = "BT /F1 12 Tf 72 700 Td (Investigators traced the intrusion to a phishing email sent to 37 employees in March.) Tj 0 -16 Td (The authority said it would spend 12 million euros on new defences.) Tj ET"
objs = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 /Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 612 792] >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
    "<< /Length %d >>\nstream\n%s\nendstream" % (len(page1), page1),
    "<< /Type /Page /Parent 2 0 R /Contents 7 0 R >>",
    "<< /Length %d >>\nstream\n%s\nendstream" % (len(page2), page2),
    "<< /Title (Harbour Cyberattack Review) >>",
]
out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
offs = []
for i, o in enumerate(objs):
    offs.append(len(out))
    out += ("%d 0 obj\n%s\nendobj\n" % (i + 1, o)).encode("latin-1")
xref = len(out)
out += ("xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)).encode()
for off in offs:
    out += ("%010d 00000 n \n" % off).encode()
out += ("trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R /ID [<00112233445566778899AABBCCDDEEFF> <00112233445566778899AABBCCDDEEFF>] >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)).encode()
open("plain.pdf", "wb").write(out)
PY
q() { out=$1; shift; qpdf --static-id --static-aes-iv --allow-weak-crypto "$@" -- plain.pdf "$out"; }
# Owner password only: every viewer opens these without asking.
q rc4-40.pdf --encrypt "" owner-secret 40 --print=n
q rc4-128.pdf --encrypt "" owner-secret 128 --use-aes=n --print=none
q aes-128.pdf --encrypt "" owner-secret 128 --use-aes=y --print=none
q aes-128-objstm.pdf --object-streams=generate --encrypt "" owner-secret 128 --use-aes=y --cleartext-metadata
q aes-256-r5.pdf --encrypt "" owner-secret 256 --force-R5 --print=none
q aes-256-r6.pdf --encrypt "" owner-secret 256 --print=none
q aes-256-r6-objstm.pdf --object-streams=generate --encrypt "" owner-secret 256 --extract=n
# A user password: nothing opens it without the password.
q user-password.pdf --encrypt user-secret owner-secret 256
q user-password-rc4.pdf --encrypt user-secret owner-secret 128 --use-aes=n
