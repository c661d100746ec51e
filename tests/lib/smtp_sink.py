"""smtp_sink.py — a real SMTP server (aiosmtpd, Debian python3-aiosmtpd) on
loopback for tests: writes each message it accepts to DIR as NNNNNN.eml and
prints "smtp listening on PORT" once it listens. Usage:
python3 tests/lib/smtp_sink.py DIR [PORT]   (PORT 0 or absent: any free one)"""
import os
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.count += 1
            n = self.count
        path = os.path.join(self.directory, f"{os.getpid()}-{n:06d}.eml")
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content or envelope.content)
        os.rename(tmp, path)
        return "250 Message accepted for delivery"


def main():
    directory = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    if port == 0:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    c = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    c.start()
    print(f"smtp listening on {port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        c.stop()


if __name__ == "__main__":
    main()
