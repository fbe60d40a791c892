# The course's §6.2 classroom fix, sending side, written the way the classroom wrote it:
# struct.pack('i', len(header_json)) (native order: little-endian on x86), the JSON header
# {'filename', 'filesize'}, then the body in 1024-byte chunks.
import json
import os
import socket
import struct
import sys

path = sys.argv[1]
sk = socket.socket()
sk.connect(('127.0.0.1', 9000))
header = {'filename': os.path.basename(path), 'filesize': os.path.getsize(path)}
header_json = json.dumps(header).encode('utf-8')
sk.send(struct.pack('i', len(header_json)))
sk.send(header_json)
with open(path, 'rb') as f:
    while True:
        chunk = f.read(1024)
        if not chunk:
            break
        sk.send(chunk)
sk.close()
print('sent', header['filename'], header['filesize'])
