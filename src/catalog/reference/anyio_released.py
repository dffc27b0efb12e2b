"""anyio_released.txt: union of AnyIO's public names over its release tags (3.x, 4.x): per public module (no path part starting with
'_'), its __all__ when it has one, else its top-level public defs, classes, assignments and relative imports."""
import ast, re, subprocess, sys
repo = sys.argv[1]
def git(*a): return subprocess.run(["git", "-C", repo, *a], capture_output=True, text=True, check=True).stdout
tags = [t for t in git("tag").split() if re.fullmatch(r"[34]\.\d+\.\d+(\.post\d+)?", t)]
names = set()
for tag in tags:
    for path in git("ls-tree", "-r", "--name-only", tag, "src/anyio").split():
        if not path.endswith(".py"): continue
        parts = path[len("src/"):-3].split("/")
        if parts[-1] == "__init__": parts = parts[:-1]
        if any(p.startswith("_") for p in parts): continue
        mod = ".".join(parts)
        names.add(mod)
        tree = ast.parse(git("show", f"{tag}:{path}"))
        alls = None
        for st in tree.body:
            if isinstance(st, (ast.Assign, ast.AnnAssign)):
                tg = st.targets if isinstance(st, ast.Assign) else [st.target]
                if any(isinstance(t, ast.Name) and t.id == "__all__" for t in tg) and isinstance(st.value, (ast.List, ast.Tuple)):
                    alls = [e.value for e in st.value.elts if isinstance(e, ast.Constant)]
        if alls is not None:
            names.update(f"{mod}.{n}" for n in alls)
            continue
        def visit(body):
            for st in body:
                if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    n = [st.name]
                elif isinstance(st, ast.Assign):
                    n = [t.id for t in st.targets if isinstance(t, ast.Name)]
                elif isinstance(st, ast.AnnAssign) and isinstance(st.target, ast.Name):
                    n = [st.target.id]
                elif isinstance(st, ast.ImportFrom) and (st.level > 0 or any(a.asname == a.name for a in st.names)):
                    n = [a.asname or a.name for a in st.names if st.level > 0 or a.asname == a.name]
                elif isinstance(st, (ast.If, ast.Try)):
                    visit(st.body); visit(getattr(st, "orelse", []))
                    for h in getattr(st, "handlers", []): visit(h.body)
                    continue
                else:
                    continue
                names.update(f"{mod}.{x}" for x in n if not x.startswith("_") and x != "*")
        visit(tree.body)
print(" ".join(tags), file=sys.stderr)
for n in sorted(names): print(n)
