# A §10.2 upload client in Python, in homework/upload's protocol, for the checker's tests:
#   python3 upload_client.py FILE [no-resume]
# It logs in, uploads FILE from the offset the server gives, and prints what was stored.
# With no-resume it is the classic wrong client: it sends the whole file whatever the offset.
import hashlib
import json
import os
import socket
import struct
import sys

PORT = int(os.environ.get('PORT', '9000'))
path = sys.argv[1]
MISTAKE = sys.argv[2] if len(sys.argv) > 2 else '-'


def recv_exactly(sk, n):
    data = bytearray()
    while len(data) < n:
        chunk = sk.recv(n - len(data))
        if not chunk:
            raise ConnectionError('the server closed the connection')
        data += chunk
    return bytes(data)


def send(sk, message):
    data = json.dumps(message).encode('utf-8')
    sk.sendall(struct.pack('!i', len(data)) + data)


def read(sk):
    n = struct.unpack('!i', recv_exactly(sk, 4))[0]
    return json.loads(recv_exactly(sk, n).decode('utf-8'))


with socket.create_connection(('127.0.0.1', PORT)) as sk:
    send(sk, {'type': 'login', 'user': 'alice', 'password': 'alice-pw'})
    if read(sk).get('type') != 'ok':
        sys.exit('error: login refused')
    size = os.path.getsize(path)
    send(sk, {'type': 'upload', 'name': os.path.basename(path), 'size': size})
    offset = read(sk)['offset']
    sha = hashlib.sha256()
    with open(path, 'rb') as f:
        if MISTAKE != 'no-resume':
            sha.update(f.read(offset))  # the server holds these: hash them, send none
        for chunk in iter(lambda: f.read(65536), b''):
            sha.update(chunk)
            sk.sendall(chunk)
    send(sk, {'type': 'end', 'sha256': sha.hexdigest()})
    stored = read(sk)
    print('stored %s: %d bytes' % (stored['name'], stored['size']))
