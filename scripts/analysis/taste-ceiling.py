#!/usr/bin/env python3
"""Recall@10 of the generator's own purchase model with the customer's tastes *estimated* from their history.

Not part of the product: an analysis of how far any recommender can go on a generated estate
(docs/recommendations.md, "fourth round"). The generator (src/CrmReco.Core/Generation/EstateGenerator.cs) draws
each new line as a rebuy of one of the customer's earlier lines (probability 0.45) or as a pick by popularity
× 6 for the customer's 1–3 hidden favourite varieties. Here the favourite set is not known: its posterior is
computed exactly over every set of 1–3 taste families (prior as the generator draws them), with a likelihood
that lets each line be a rebuy (beta · share of that wine among the earlier lines) or a pick, then the
predicted next line is beta · own wines by frequency (current vintage) + (1 − beta) · E[pick]. Popularity is
distinct buyers over the last year of the history, as the product's sources count it.

Usage: python3 scripts/analysis/taste-ceiling.py DB.sqlite [split=2026-01-01] [k=10]
(needs numpy: apt-get install python3-numpy; DB imported from `crmreco generate --customers 5000 --years 4`)
"""
import collections
import itertools
import sqlite3
import sys

import numpy as np

BETA, KAPPA = 0.5, 6.0
path = sys.argv[1]
split = sys.argv[2] if len(sys.argv) > 2 else "2026-01-01"
k = int(sys.argv[3]) if len(sys.argv) > 3 else 10
year_before = f"{int(split[:4]) - 1}{split[4:]}"
db = sqlite3.connect(path)
family = {a: v or "Crémant" for a, v in db.execute("select article, variety from products")}


def wine(article):
    i = article.rfind("-")
    return article[:i] if i > 0 and len(article) - i == 5 and article[i + 1:].isdigit() else article


history, future = collections.defaultdict(list), collections.defaultdict(set)
for customer, article, day, quantity in db.execute(
        "select customer_code, article, sale_date, quantity from sales_lines order by sale_date, document_no, line_no, id"):
    if article not in family or quantity <= 0:
        continue
    (history[customer].append((article, day)) if day < split else future[customer].add(article))

items = sorted(family)
index = {a: i for i, a in enumerate(items)}
buyers, recent = collections.defaultdict(set), collections.defaultdict(set)
for customer, lines in history.items():
    for article, day in lines:
        buyers[article].add(customer)
        if day >= year_before:
            recent[article].add(customer)
by_wine = collections.defaultdict(list)
for a in items:
    by_wine[wine(a)].append(a)
current = {w: max([a for a in group if recent[a]] or group) for w, group in by_wine.items()}
families = sorted(set(family.values()))
item_family = np.array([families.index(family[a]) for a in items])
popularity = np.array([len(recent[a]) for a in items], dtype=float) + 0.5

prior = collections.Counter()  # 1 + Next(3) draws with replacement, as the generator draws favourites
for draws in (1, 2, 3):
    for drawn in itertools.product(range(len(families)), repeat=draws):
        prior[tuple(sorted(set(drawn)))] += (1 / 3) * (1 / len(families)) ** draws
sets = list(prior)
weights = np.array([prior[s] for s in sets])
member = np.array([[1.0 if item_family[i] in s else 0.0 for i in range(len(items))] for s in sets])
pick = popularity[None, :] * (1 + (KAPPA - 1) * member)
pick /= pick.sum(axis=1, keepdims=True)

top_popular = set(sorted(items, key=lambda a: (-len(buyers[a]), a))[:k])
recall_model, recall_popular = [], []
for customer, relevant in future.items():
    lines = history.get(customer)
    if not lines:
        continue
    log_likelihood = np.zeros(len(sets))
    counts, total = collections.Counter(), 0
    for article, _ in lines:
        p = pick[:, index[article]]
        log_likelihood += np.log(BETA * counts[wine(article)] / total + (1 - BETA) * p if total else p)
        counts[wine(article)] += 1
        total += 1
    posterior = np.exp(log_likelihood - log_likelihood.max()) * weights
    posterior /= posterior.sum()
    score = (1 - BETA) * (posterior[:, None] * pick).sum(axis=0)
    for w, n in counts.items():
        score[index[current[w]]] += BETA * n / total
    top = {items[i] for i in np.argsort(-score, kind="stable")[:k]}
    recall_model.append(len(top & relevant) / len(relevant))
    recall_popular.append(len(top_popular & relevant) / len(relevant))

model, popular = np.mean(recall_model), np.mean(recall_popular)
print(f"{len(recall_model)} customers: recall@{k} {model:.4f}, popularity {popular:.4f}, ratio {model / popular:.3f}")
