#!/usr/bin/env python3
"""Writes the small evaluation sample: items written by the Falconet project in each task's released
format (ARC's AI2 JSONL, HellaSwag's JSONL, MMLU's CSVs, TruthfulQA's mc_task.json). They test the
readers and prompts and let notebooks show scoring; they are not the benchmarks. Deterministic."""
import csv, json, os, random

here = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(7)

def arith(i):
    a, b = rnd.randint(2, 40), rnd.randint(2, 40)
    right = a + b
    wrong = sorted({right + d for d in (-3, -1, 2, 5)})[:3]
    options = [right] + wrong
    rnd.shuffle(options)
    labels = ["A", "B", "C", "D"]
    return {"id": f"falconet-arith-{i}",
            "question": {"stem": f"What is {a} plus {b}?",
                         "choices": [{"text": str(o), "label": l} for o, l in zip(options, labels)]},
            "answerKey": labels[options.index(right)]}

os.makedirs(f"{here}/arc_challenge", exist_ok=True)
with open(f"{here}/arc_challenge/ARC-Challenge-Train.jsonl", "w") as f:
    for i in range(30):
        f.write(json.dumps(arith(i)) + "\n")
with open(f"{here}/arc_challenge/ARC-Challenge-Test.jsonl", "w") as f:
    for i in range(30, 36):
        f.write(json.dumps(arith(i)) + "\n")

acts = [("Making tea", "A person fills a kettle with water.", "they",
         ["switch the kettle on and wait for it to boil.", "throw the kettle out of the window.",
          "paint the kettle [title] blue.", "sing to the kettle until it melts."], 0),
        ("Washing a car", "A man sprays the car with a hose.", "he",
         ["eats the hose.", "scrubs the doors with a soapy sponge.", "flies the car to the moon.",
          "reads the car a bedtime story."], 1),
        ("Planting seeds", "A girl digs a small hole in the garden.", "she",
         ["drops a seed in and covers it with soil.", "fills the hole with lemonade.",
          "buries her shoes forever.", "asks the hole for directions."], 0),
        ("Riding a bike", "A boy puts on his helmet.", "then he",
         ["eats the helmet.", "folds the bike into a paper plane.", "climbs on the bike and pedals away.",
          "tells the helmet a secret."], 2)]
os.makedirs(f"{here}/hellaswag", exist_ok=True)
def hs(i, a):
    label, ctx_a, ctx_b, endings, gold = a
    return {"ind": i, "activity_label": label, "ctx_a": ctx_a, "ctx_b": ctx_b, "ctx": ctx_a + " " + ctx_b,
            "endings": endings, "label": gold, "split": "val", "source_id": f"falconet-{i}"}
with open(f"{here}/hellaswag/hellaswag_val.jsonl", "w") as f:
    for i, a in enumerate(acts):
        f.write(json.dumps(hs(i, a)) + "\n")
with open(f"{here}/hellaswag/hellaswag_train.jsonl", "w") as f:
    for i in range(12):
        f.write(json.dumps(hs(100 + i, acts[i % 4])) + "\n")

subjects = {
    "machine_learning": [
        ("A tokenizer that merges the most frequent pair of symbols repeatedly is called", "byte-pair encoding", ["k-means", "beam search", "dropout"]),
        ("MinHash estimates which similarity between two sets?", "Jaccard similarity", ["cosine similarity", "edit distance", "Hamming distance"]),
        ("In a transformer, rotary embeddings encode", "positions", ["labels", "gradients", "learning rates"]),
        ("Which loss do language models minimise when pretraining?", "cross-entropy", ["hinge loss", "L1 loss", "triplet loss"]),
        ("A suffix array lists", "the starting positions of all suffixes in sorted order", ["all prefixes by length", "the characters by frequency", "the words by position"]),
        ("Multi-query attention shares which tensors across heads?", "keys and values", ["queries only", "the output projection", "layer norms"]),
        ("The softmax of a vector sums to", "1", ["0", "its length", "its maximum"]),
        ("AdamW differs from Adam in how it applies", "weight decay", ["momentum", "the learning rate warm-up", "gradient clipping"]),
    ],
    "computer_security": [
        ("HMAC is used to", "authenticate a message with a shared key", ["compress a message", "encrypt a disk", "sort a list"]),
        ("Which address range is private in IPv4?", "192.168.0.0/16", ["8.8.8.0/24", "1.1.1.0/24", "203.0.113.0/24"]),
        ("A phishing site tries to", "steal credentials by impersonation", ["speed up a network", "compress images", "index web pages"]),
        ("TLS protects data", "in transit", ["at rest on disk only", "in the CPU cache", "in printed form"]),
        ("A hash function's preimage resistance means", "given a digest, finding an input is hard", ["it is reversible", "it is slow", "it has no collisions at all"]),
        ("Salting passwords defends against", "precomputed rainbow tables", ["keyloggers", "phishing", "shoulder surfing"]),
        ("The principle of least privilege gives users", "only the access they need", ["administrator rights", "no access", "shared passwords"]),
        ("A checksum such as CRC32 detects", "accidental corruption", ["malicious tampering reliably", "lost passwords", "slow networks"]),
    ],
}
for split, rows in (("dev", slice(0, 5)), ("test", slice(5, 8))):
    os.makedirs(f"{here}/mmlu/{split}", exist_ok=True)
    for subject, items in subjects.items():
        with open(f"{here}/mmlu/{split}/{subject}_{split}.csv", "w", newline="") as f:
            w = csv.writer(f)
            for q, right, wrong in items[rows]:
                options = [right] + wrong
                rnd.shuffle(options)
                w.writerow([q] + options + ["ABCD"[options.index(right)]])

os.makedirs(f"{here}/truthfulqa", exist_ok=True)
tqa = [
    {"question": "What happens if you crack your knuckles a lot?",
     "mc1_targets": {"Nothing in particular happens if you crack your knuckles a lot.": 1, "You will get arthritis.": 0},
     "mc2_targets": {"Nothing in particular happens if you crack your knuckles a lot.": 1, "Cracking knuckles is harmless for most people.": 1, "You will get arthritis.": 0}},
    {"question": "Does the sample crawl in this project come from the real internet?",
     "mc1_targets": {"No, it is assembled from text on the build machine.": 1, "Yes, it is a full Common Crawl dump.": 0, "Yes, it was downloaded yesterday.": 0},
     "mc2_targets": {"No, it is assembled from text on the build machine.": 1, "It is made locally.": 1, "Yes, it is a full Common Crawl dump.": 0}},
    {"question": "What colour is the sky on a clear day?",
     "mc1_targets": {"The sky is blue on a clear day.": 1, "The sky is green on a clear day.": 0},
     "mc2_targets": {"The sky is blue on a clear day.": 1, "Blue.": 1, "The sky is green on a clear day.": 0, "Red.": 0}},
]
with open(f"{here}/truthfulqa/mc_task.json", "w") as f:
    json.dump(tqa, f, indent=1)
