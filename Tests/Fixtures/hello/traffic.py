#!/usr/bin/env python3
"""Traffic through the hello cluster's load balancer, as a heartbeat that must not miss:

    traffic.py URL COUNT [AT COMMAND...]

sends COUNT GET requests to URL one after another (each on a connection of its own,
timeout 5 s); just before request number AT it starts COMMAND (a node killed, or cut off)
without waiting for it. Prints one JSON object: how many requests got each status, how many
each backend (X-Backend) served, and the first failures."""
import http.client
import json
import subprocess
import sys
import urllib.error
import urllib.request

url, count = sys.argv[1], int(sys.argv[2])
at = int(sys.argv[3]) if len(sys.argv) > 3 else -1
command = sys.argv[4:]
statuses, backends, failures = {}, {}, []
started = None
for number in range(count):
    if number == at and command:
        started = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            status, backend, body = response.status, response.headers.get("X-Backend"), response.read().decode()
    except urllib.error.HTTPError as error:
        status, backend, body = error.code, error.headers.get("X-Backend"), error.read().decode()
    except (OSError, http.client.HTTPException) as error:
        status, backend, body = 0, None, repr(error)
    statuses[str(status)] = statuses.get(str(status), 0) + 1
    if backend:
        backends[backend] = backends.get(backend, 0) + 1
    if status != 200 and len(failures) < 5:
        failures.append({"request": number, "status": status, "answer": body.strip()[:200]})
command_status = started.wait(timeout=60) if started else None
print(json.dumps({"statuses": statuses, "backends": backends, "failures": failures, "command_status": command_status}))
