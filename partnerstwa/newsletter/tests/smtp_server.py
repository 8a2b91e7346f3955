"""A small SMTP server for the sending tests: takes messages (undoing the dot-stuffing),
offers PIPELINING or not, answers 451 to RCPT for busy@… and 550 for gone@…."""

import socketserver
import threading


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        server = self.server
        self.wfile.write(b"220 test ESMTP\r\n")
        recipient = None
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"EHLO":
                server.writes.append(b"EHLO")
                offers = b"250-PIPELINING\r\n" if server.pipelining else b""
                self.wfile.write(b"250-test\r\n" + offers + b"250 8BITMIME\r\n")
            elif verb == b"MAIL":
                recipient = None
                self.wfile.write(b"250 2.1.0 ok\r\n")
            elif verb == b"RCPT":
                address = line[8:].strip().strip(b"<>").decode()
                if address.startswith("busy@"):
                    self.wfile.write(b"451 4.7.1 try again later\r\n")
                elif address.startswith("gone@"):
                    self.wfile.write(b"550 5.1.1 no such user\r\n")
                else:
                    recipient = address
                    self.wfile.write(b"250 2.1.5 ok\r\n")
            elif verb == b"DATA":
                if recipient is None:
                    self.wfile.write(b"554 5.5.1 no valid recipients\r\n")
                    continue
                self.wfile.write(b"354 go on\r\n")
                lines = []
                while (data := self.rfile.readline()) != b".\r\n":
                    lines.append(data[1:] if data.startswith(b"..") else data)
                server.messages.append((recipient, b"".join(lines)))
                recipient = None
                self.wfile.write(b"250 2.0.0 taken\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:  # RSET, NOOP
                recipient = None
                self.wfile.write(b"250 ok\r\n")


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, *, pipelining: bool) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pipelining = pipelining
        self.messages: list[tuple[str, bytes]] = []
        self.writes: list[bytes] = []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
