# Exercise (lesson06, §8): a server that lets in only clients that know the key (挑战-应答).
# Fill in the TODOs, then check it with the course's key and digest:
#
#   java -jar lesson06-auth/target/lesson06-auth.jar check server --key alexsb --digest md5 -- python3 lesson06-auth/exercises/challenge_server.py
#
# The checker answers your challenge rightly and wrongly, as two clients would.
import hmac
import os
import socket

PORT = int(os.environ.get('PORT', '9000'))
SECRET_KEY = b'alexsb'  # the course's; lesson06's notes say why a key does not belong in the code
DIGEST = 'md5'
ANSWER_BYTES = 16  # an HMAC-MD5 is 16 bytes (32 for sha256)

sk = socket.socket()
sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sk.bind(('127.0.0.1', PORT))
sk.listen()
while True:
    conn, addr = sk.accept()
    with conn:
        # TODO stage 1: randseq = os.urandom(32) (stage 4: a new one for every client), send it
        # TODO stage 2: read exactly ANSWER_BYTES (loop over recv), compare with
        #               hmac.new(SECRET_KEY, randseq, DIGEST).digest() using hmac.compare_digest,
        #               and on a match send b'welcome: you are one of us\n'
        # TODO stage 3: on a mismatch send nothing: leave the with block (it closes conn)
        pass
