# Exercise (homework/upload, §10.2 item 4): a client that uploads FILE in the upload's protocol
# (homework/upload/README.md, "The protocol") and resumes where the server's copy ends.
# Check it from the repository root (the checker plays the server; give it the same FILE):
#
#   java -jar homework/upload/target/homework-upload.jar check client --file FILE -- python3 homework/upload/exercises/upload_client.py FILE
#
# Against a real server: java -jar homework/upload/target/homework-upload.jar upload-server, then
# python3 homework/upload/exercises/upload_client.py FILE (after registering alice: see the notes).
# Each TODO names the stage that checks it.
import hashlib
import json
import os
import socket
import struct
import sys

PORT = int(os.environ.get('PORT', '9000'))
path = sys.argv[1]


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
    # TODO stage 1: send {"type": "login", "user": "alice", "password": "alice-pw"} and read the answer
    #               (exit with its "message" if its "type" is "error")
    # TODO stage 2: send {"type": "upload", "name": os.path.basename(path), "size": os.path.getsize(path)}
    # TODO stage 3: read {"type": "ready", "offset": ...}; send the file in pieces (f.read(65536), sendall),
    #               hashing each (hashlib.sha256().update); then {"type": "end", "sha256": sha.hexdigest()};
    #               read the "stored" answer and print it
    # TODO stage 4: the server holds offset bytes already: hash them without sending them, then send the rest
    pass
