"""A handler for aiosmtpd that writes each message as it was received into a Maildir (tmp/, then
new/), without parsing it, as a mail server's local delivery does.

    python -m aiosmtpd -n -l 127.0.0.1:2525 -c smtp_maildir.RawMaildir /path/to/Maildir

(with this folder on PYTHONPATH). aiosmtpd's own Mailbox handler parses every message into
Python's email objects first, which takes most of a core at a few hundred messages a second;
this one measures what reaches the server, not Python's parser.
"""

import asyncio
import itertools
import os
import socket
import time

try:
    # A faster event loop when the virtual environment has it (scripts/with-smtp installs it):
    # aiosmtpd makes its loop after loading this handler.
    import uvloop

    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
except ImportError:
    pass


class RawMaildir:
    def __init__(self, path):
        self.path = path
        for folder in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(path, folder), exist_ok=True)
        self.names = itertools.count()
        self.host = socket.gethostname().replace("/", "-").replace(":", "-")

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("RawMaildir takes the Maildir's path")
        return cls(args[0])

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}.{os.getpid()}_{next(self.names)}.{self.host}"
        temporary = os.path.join(self.path, "tmp", name)
        with open(temporary, "wb") as out:
            out.write(envelope.original_content or envelope.content)
        os.rename(temporary, os.path.join(self.path, "new", name))
        return "250 Message accepted for delivery"
