# The twin of bench/re_search.writ for Python's re (bench/re.sh runs the
# two): the same generated log, the same log grep and word split.
import re
import time

levels = ["INFO", "DEBUG", "WARN", "ERROR", "INFO"]
users = ["alice", "bob", "carol", "dave", "eve", "mallory", "trent"]
paths = ["/", "/login", "/api/items", "/static/app.js", "/admin", "/search?q=x"]
parts = []
seed = 42
for i in range(200000):
    seed = (seed * 75 + 74) % 65537
    parts.append("2024-05-01 12:" + str(i % 60) + ":" + str(seed % 60) + " " + levels[seed % 5] +
                 " request " + paths[seed % 6] + " took " + str(seed % 1000) + "ms user=" + users[seed % 7])
text = "\n".join(parts)
lines = text.split("\n")

t0 = time.perf_counter()
p = re.compile(r"ERROR .* user=(\w+)")
count = 0
tally = {}
for line in lines:
    m = p.search(line)
    if m is not None:
        count += 1
        u = m.group(1)
        tally[u] = tally.get(u, 0) + 1
t1 = time.perf_counter()
print("grep", count, tally["alice"], tally["trent"])
print("grep-ms", "%.1f" % ((t1 - t0) * 1000))

t0 = time.perf_counter()
words = re.split(r"\W+", text)
t1 = time.perf_counter()
print("split", len(words), words[0], words[-1])
print("split-ms", "%.1f" % ((t1 - t0) * 1000))
