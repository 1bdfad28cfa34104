# Writes python-random.json, the expected draws for PythonRandomTest: /usr/bin/python3 python-random.py > python-random.json
import random, json
out = {}
r = random.Random(1234)
out["bits32"] = [r.getrandbits(32) for _ in range(5)]
r = random.Random(1234)
out["randbelow_1000"] = [r._randbelow(1000) for _ in range(10)]
r = random.Random(1234)
out["random"] = [r.random() for _ in range(3)]
r = random.Random(1234)
out["sample_10_of_20"] = r.sample(list(range(20)), 10)
out["sample_5_of_1119_x3"] = [r.sample(list(range(1119)), 5) for _ in range(3)]
r = random.Random(5000000000)
out["bits32_bigseed"] = [r.getrandbits(32) for _ in range(3)]
r = random.Random(1234)
out["sample_26_of_100"] = r.sample(list(range(100)), 26)
print(json.dumps(out))
