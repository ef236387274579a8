"""Pools: the list, starting one, joining by invitation or by asking, the rules and their history;
a pool's rules as one value, its membership, and who may see its pages."""
