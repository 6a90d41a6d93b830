//! RE2's compiler, as far as the size of its program goes: the regex becomes a graph of
//! instructions by RE2's rules (repetitions simplified to copies, leading `^` and trailing `$`
//! taken off, an unanchored regex prefixed with a non-greedy any-byte loop), and the graph is
//! flattened as RE2 flattens it before it reports the program's size.

use super::Encoding;
use super::class::{Class, utf8_length};
use super::parse::Node;

/// One instruction; `out` 0 is the fail instruction (and an unpatched exit).
#[derive(Clone, Copy, Debug)]
enum Inst {
    Fail,
    Match,
    /// Consumes input or marks a position (byte range, capture, empty-width assertion).
    Step(u32),
    Nop(u32),
    Alt(u32, u32),
}

/// An exit of a fragment still to be connected: an instruction and which of its outs.
#[derive(Clone, Copy)]
struct Hole {
    inst: u32,
    second: bool,
}

/// A compiled piece: where it starts (0: it never matches), its exits, and whether it can
/// match the empty string.
struct Frag {
    begin: u32,
    end: Vec<Hole>,
    nullable: bool,
}

/// The size of one regex's program, or that it is over the budget.
pub(super) enum Compiled {
    /// Instructions after flattening: what RE2 reports as the program size.
    Flattened(usize),
    /// More than `budget` instructions before flattening: RE2 refuses to compile it.
    OverBudget,
}

/// Compiles `node` as RE2 compiles a whole regex, stopping once it needs more than `budget`
/// instructions.
pub(super) fn compile(node: Node, encoding: Encoding, budget: usize) -> Compiled {
    let (node, anchored) = match required_prefix(node) {
        // RE2 matches a literal after leading `^` on its own, and compiles the rest unanchored.
        Ok(rest) => (rest, false),
        Err(node) => strip_anchor_start(simplify(node), 0),
    };
    let (node, _) = strip_anchor_end(node, 0);
    let mut compiler = Compiler {
        insts: vec![Inst::Fail],
        encoding,
        budget,
        over_budget: false,
    };
    let body = compiler.node(&node);
    let matched = compiler.push(Inst::Match);
    let body = compiler.cat(
        body,
        Frag {
            begin: matched,
            end: Vec::new(),
            nullable: false,
        },
    );
    let start = body.begin;
    let start_unanchored = if anchored {
        start
    } else {
        let any_byte = compiler.push(Inst::Step(0));
        let dot_star = compiler.star(
            Frag {
                begin: any_byte,
                end: vec![Hole {
                    inst: any_byte,
                    second: false,
                }],
                nullable: false,
            },
            false,
        );
        compiler.cat(dot_star, body).begin
    };
    if compiler.over_budget {
        return Compiled::OverBudget;
    }
    Compiled::Flattened(flattened_size(&compiler.insts, start_unanchored, start))
}

/// `rest` of a regex that is a concatenation of `^` (one or more), a literal string and the
/// rest; otherwise the node back.
fn required_prefix(node: Node) -> Result<Node, Node> {
    let Node::Concat(items) = &node else {
        return Err(node);
    };
    let anchors = items
        .iter()
        .take_while(|n| matches!(n, Node::BeginText))
        .count();
    let literal_fold = match items.get(anchors) {
        Some(Node::Literal { fold, .. }) if anchors > 0 => *fold,
        _ => return Err(node),
    };
    let literals = items[anchors..]
        .iter()
        .take_while(|n| matches!(n, Node::Literal { fold, .. } if *fold == literal_fold))
        .count();
    let Node::Concat(items) = node else {
        return Err(node);
    };
    let rest: Vec<Node> = items.into_iter().skip(anchors + literals).collect();
    Ok(simplify(match rest.len() {
        0 => Node::Empty,
        1 => rest.into_iter().next().unwrap_or(Node::Empty),
        _ => Node::Concat(rest),
    }))
}

/// RE2's simplification of what it compiles: adjacent repetitions of one character (or one
/// class) are merged (`.*.*` is `.*`, `a*a` is `a+`).
fn simplify(node: Node) -> Node {
    match node {
        Node::Concat(items) => {
            let mut out: Vec<Node> = Vec::with_capacity(items.len());
            for item in items.into_iter().map(simplify) {
                match out.pop() {
                    Some(previous) => match coalesce(previous, item) {
                        Ok(merged) => out.push(merged),
                        Err((previous, item)) => {
                            out.push(previous);
                            out.push(item);
                        }
                    },
                    None => out.push(item),
                }
            }
            if out.len() == 1 {
                out.pop().unwrap_or(Node::Empty)
            } else {
                Node::Concat(out)
            }
        }
        Node::Alternate(items) => Node::Alternate(items.into_iter().map(simplify).collect()),
        Node::Capture(sub) => Node::Capture(Box::new(simplify(*sub))),
        Node::Repeat {
            sub,
            min,
            max,
            greedy,
        } => Node::Repeat {
            sub: Box::new(simplify(*sub)),
            min,
            max,
            greedy,
        },
        other => other,
    }
}

/// Merges `a` and `b` when `a` repeats a character or class and `b` repeats the same (with the
/// same greediness) or is that character.
fn coalesce(a: Node, b: Node) -> Result<Node, (Node, Node)> {
    let Node::Repeat {
        sub,
        min,
        max,
        greedy,
    } = &a
    else {
        return Err((a, b));
    };
    if !matches!(**sub, Node::Literal { .. } | Node::Class(_)) {
        return Err((a, b));
    }
    let (more_min, more_max) = match &b {
        Node::Repeat {
            sub: other,
            min,
            max,
            greedy: other_greedy,
        } if other == sub && other_greedy == greedy => (*min, *max),
        literal @ Node::Literal { .. } if literal == &**sub => (1, Some(1)),
        _ => return Err((a, b)),
    };
    Ok(Node::Repeat {
        sub: sub.clone(),
        min: min + more_min,
        max: max.zip(more_max).map(|(x, y)| x + y),
        greedy: *greedy,
    })
}

/// Takes a leading `^` off (looking into concatenations and captures, as deep as RE2 looks):
/// the program is then anchored and has no any-byte loop.
fn strip_anchor_start(node: Node, depth: usize) -> (Node, bool) {
    if depth >= 4 {
        return (node, false);
    }
    match node {
        Node::BeginText => (Node::Empty, true),
        Node::Capture(sub) => {
            let (sub, stripped) = strip_anchor_start(*sub, depth + 1);
            (Node::Capture(Box::new(sub)), stripped)
        }
        Node::Concat(mut items) if !items.is_empty() => {
            let first = items.remove(0);
            let (first, stripped) = strip_anchor_start(first, depth + 1);
            items.insert(0, first);
            (Node::Concat(items), stripped)
        }
        other => (other, false),
    }
}

/// Takes a trailing `$` off, as RE2 does (it records the anchor instead of compiling it).
fn strip_anchor_end(node: Node, depth: usize) -> (Node, bool) {
    if depth >= 4 {
        return (node, false);
    }
    match node {
        Node::EndText => (Node::Empty, true),
        Node::Capture(sub) => {
            let (sub, stripped) = strip_anchor_end(*sub, depth + 1);
            (Node::Capture(Box::new(sub)), stripped)
        }
        Node::Concat(mut items) if !items.is_empty() => {
            let last = items.pop().unwrap_or(Node::Empty);
            let (last, stripped) = strip_anchor_end(last, depth + 1);
            items.push(last);
            (Node::Concat(items), stripped)
        }
        other => (other, false),
    }
}

struct Compiler {
    insts: Vec<Inst>,
    /// How characters become bytes.
    encoding: Encoding,
    /// The most instructions RE2 allocates for one program.
    budget: usize,
    /// Set once an instruction over the budget was asked for: nothing more is allocated, and
    /// fragments that would need one never match (so the rest compiles quickly).
    over_budget: bool,
}

impl Compiler {
    fn push(&mut self, inst: Inst) -> u32 {
        if self.insts.len() >= self.budget {
            self.over_budget = true;
            return 0;
        }
        self.insts.push(inst);
        (self.insts.len() - 1) as u32
    }

    fn patch(&mut self, holes: &[Hole], to: u32) {
        for hole in holes {
            match (&mut self.insts[hole.inst as usize], hole.second) {
                (Inst::Step(out) | Inst::Nop(out), _) | (Inst::Alt(out, _), false) => *out = to,
                (Inst::Alt(_, out1), true) => *out1 = to,
                _ => {}
            }
        }
    }

    /// A fragment of one instruction that continues at its out.
    fn single(&mut self, inst: Inst) -> Frag {
        let id = self.push(inst);
        Frag {
            begin: id,
            end: vec![Hole {
                inst: id,
                second: false,
            }],
            nullable: matches!(inst, Inst::Nop(_)),
        }
    }

    fn nop(&mut self) -> Frag {
        self.single(Inst::Nop(0))
    }

    fn cat(&mut self, a: Frag, b: Frag) -> Frag {
        if a.begin == 0 || b.begin == 0 {
            return Frag {
                begin: 0,
                end: Vec::new(),
                nullable: false,
            };
        }
        self.patch(&a.end, b.begin);
        // A lone no-op before `b` is skipped (it stays allocated, unreachable).
        let lone_nop = matches!(self.insts[a.begin as usize], Inst::Nop(_))
            && matches!(a.end.as_slice(), [hole] if hole.inst == a.begin);
        if lone_nop {
            return b;
        }
        Frag {
            begin: a.begin,
            end: b.end,
            nullable: a.nullable && b.nullable,
        }
    }

    fn alt(&mut self, a: Frag, b: Frag) -> Frag {
        if a.begin == 0 {
            return b;
        }
        if b.begin == 0 {
            return a;
        }
        let id = self.push(Inst::Alt(a.begin, b.begin));
        let mut end = a.end;
        end.extend(b.end);
        Frag {
            begin: id,
            end,
            nullable: a.nullable || b.nullable,
        }
    }

    /// An alternation after `a` that loops back to it (taken first when `greedy`); returns it
    /// and its exit.
    fn loop_back(&mut self, a: &Frag, greedy: bool) -> (u32, Hole) {
        let id = self.push(Inst::Alt(0, 0));
        self.patch(&a.end, id);
        let (inst, second) = if greedy {
            (Inst::Alt(a.begin, 0), true)
        } else {
            (Inst::Alt(0, a.begin), false)
        };
        self.insts[id as usize] = inst;
        (id, Hole { inst: id, second })
    }

    fn plus(&mut self, a: Frag, greedy: bool) -> Frag {
        let (_, exit) = self.loop_back(&a, greedy);
        Frag {
            begin: a.begin,
            end: vec![exit],
            nullable: a.nullable,
        }
    }

    fn star(&mut self, a: Frag, greedy: bool) -> Frag {
        // A loop over something that can match empty is a quest of a plus, to keep RE2's
        // priority order.
        if a.nullable {
            let plus = self.plus(a, greedy);
            return self.quest(plus, greedy);
        }
        let (id, exit) = self.loop_back(&a, greedy);
        Frag {
            begin: id,
            end: vec![exit],
            nullable: true,
        }
    }

    fn quest(&mut self, a: Frag, greedy: bool) -> Frag {
        if a.begin == 0 {
            return self.nop();
        }
        let (inst, exit) = if greedy {
            (
                Inst::Alt(a.begin, 0),
                Hole {
                    inst: 0,
                    second: true,
                },
            )
        } else {
            (
                Inst::Alt(0, a.begin),
                Hole {
                    inst: 0,
                    second: false,
                },
            )
        };
        let id = self.push(inst);
        let mut end = a.end;
        end.push(Hole { inst: id, ..exit });
        Frag {
            begin: id,
            end,
            nullable: true,
        }
    }

    /// A chain of `length` byte ranges.
    fn bytes(&mut self, length: usize) -> Frag {
        let mut frag = self.single(Inst::Step(0));
        for _ in 1..length {
            let next = self.single(Inst::Step(0));
            frag = self.cat(frag, next);
        }
        frag
    }

    fn class(&mut self, class: &Class) -> Frag {
        let bytes = class.bytes(self.encoding);
        let mut alternatives: Vec<Frag> = Vec::new();
        for _ in 0..bytes.ascii {
            alternatives.push(self.bytes(1));
        }
        if bytes.all_above_ascii {
            // Leading bytes C2–DF, E0–EF and F0–F4, then one, two or three shared
            // continuation bytes 80–BF.
            let one = self.push(Inst::Step(0));
            let two = self.push(Inst::Step(one));
            let three = self.push(Inst::Step(two));
            for continuation in [one, two, three] {
                let lead = self.push(Inst::Step(continuation));
                alternatives.push(Frag {
                    begin: lead,
                    end: Vec::new(),
                    nullable: false,
                });
            }
            if let Some(last) = alternatives.last_mut() {
                last.end.push(Hole {
                    inst: one,
                    second: false,
                });
            }
        }
        for &length in &bytes.sequences {
            alternatives.push(self.bytes(length));
        }
        let mut frags = alternatives.into_iter();
        let first = frags.next().unwrap_or(Frag {
            begin: 0,
            end: Vec::new(),
            nullable: false,
        });
        frags.fold(first, |all, frag| self.alt(all, frag))
    }

    fn node(&mut self, node: &Node) -> Frag {
        match node {
            Node::Empty => self.nop(),
            Node::Literal { c, .. } => match self.encoding {
                Encoding::Utf8 => self.bytes(utf8_length(*c as u32)),
                Encoding::Latin1 => self.bytes(1),
            },
            Node::Class(class) => self.class(class),
            Node::BeginText | Node::EndText | Node::EmptyWidth => {
                let mut frag = self.single(Inst::Step(0));
                frag.nullable = true;
                frag
            }
            Node::Capture(sub) => {
                let open = self.single(Inst::Step(0));
                let inner = self.node(sub);
                let inner_nullable = inner.nullable;
                let close = self.single(Inst::Step(0));
                let frag = self.cat(open, inner);
                let mut frag = self.cat(frag, close);
                frag.nullable = inner_nullable;
                frag
            }
            Node::Concat(items) => {
                let mut frag: Option<Frag> = None;
                for item in items {
                    let next = self.node(item);
                    frag = Some(match frag {
                        None => next,
                        Some(frag) => self.cat(frag, next),
                    });
                }
                frag.unwrap_or_else(|| self.nop())
            }
            Node::Alternate(items) => {
                let mut frag: Option<Frag> = None;
                for item in items {
                    let next = self.node(item);
                    frag = Some(match frag {
                        None => next,
                        Some(frag) => self.alt(frag, next),
                    });
                }
                frag.unwrap_or_else(|| self.nop())
            }
            Node::Repeat {
                sub,
                min,
                max,
                greedy,
            } => self.repeat(sub, *min, *max, *greedy),
        }
    }

    /// `sub{min,max}` as RE2 simplifies it: `x{0,}` is `x*`, `x{1,}` is `x+`, `x{n,}` is n-1
    /// copies then `x+`; `x{n,m}` is n copies then m-n nested optional copies.
    fn repeat(&mut self, sub: &Node, min: u32, max: Option<u32>, greedy: bool) -> Frag {
        match (min, max) {
            (0, None) => {
                let x = self.node(sub);
                self.star(x, greedy)
            }
            (1, None) => {
                let x = self.node(sub);
                self.plus(x, greedy)
            }
            (n, None) => {
                let mut frag = self.node(sub);
                for _ in 2..n {
                    let x = self.node(sub);
                    frag = self.cat(frag, x);
                }
                let x = self.node(sub);
                let plus = self.plus(x, greedy);
                self.cat(frag, plus)
            }
            (0, Some(0)) => self.nop(),
            (1, Some(1)) => self.node(sub),
            (n, Some(m)) => {
                let mut prefix: Option<Frag> = None;
                for _ in 0..n {
                    let x = self.node(sub);
                    prefix = Some(match prefix {
                        None => x,
                        Some(frag) => self.cat(frag, x),
                    });
                }
                // (x(x(x)?)?)? for the optional copies, the innermost first.
                let mut optional: Option<Frag> = None;
                for _ in n..m {
                    let x = self.node(sub);
                    let inner = match optional.take() {
                        None => x,
                        Some(inner) => self.cat(x, inner),
                    };
                    optional = Some(self.quest(inner, greedy));
                }
                match (prefix, optional) {
                    (Some(prefix), Some(optional)) => self.cat(prefix, optional),
                    (Some(frag), None) | (None, Some(frag)) => frag,
                    (None, None) => self.nop(),
                }
            }
        }
    }
}

/// The size of the program once RE2 flattens it: lists of the consuming, marking and final
/// instructions reachable without consuming input from each "root" (the starts, every
/// instruction a consuming or marking one leads to, and every one also reachable from outside
/// its root's region), plus one no-op per list that reaches another root.
fn flattened_size(insts: &[Inst], start_unanchored: u32, start: u32) -> usize {
    let insts = &without_nops(insts);
    let n = insts.len();
    let mut roots: Vec<u32> = Vec::new();
    let mut is_root = vec![false; n];
    let add_root = |id: u32, roots: &mut Vec<u32>, is_root: &mut Vec<bool>| {
        if !is_root[id as usize] {
            is_root[id as usize] = true;
            roots.push(id);
        }
    };
    add_root(0, &mut roots, &mut is_root);
    add_root(start_unanchored, &mut roots, &mut is_root);
    add_root(start, &mut roots, &mut is_root);
    // Successor roots, and who reaches each instruction through an alternation.
    let mut predecessors: Vec<Vec<u32>> = vec![Vec::new(); n];
    let mut reached = vec![false; n];
    let mut stack = vec![start_unanchored];
    while let Some(mut id) = stack.pop() {
        loop {
            if reached[id as usize] {
                break;
            }
            reached[id as usize] = true;
            match insts[id as usize] {
                Inst::Alt(out, out1) => {
                    predecessors[out as usize].push(id);
                    predecessors[out1 as usize].push(id);
                    stack.push(out1);
                    id = out;
                }
                Inst::Step(out) => {
                    add_root(out, &mut roots, &mut is_root);
                    id = out;
                }
                Inst::Nop(out) => id = out,
                Inst::Match | Inst::Fail => break,
            }
        }
    }
    // Dominator roots: an instruction reachable from a root's region and from outside it.
    let mut sorted = roots.clone();
    sorted.sort_unstable();
    for &root in sorted.iter().skip(1).rev() {
        if root == start_unanchored || root == start {
            continue;
        }
        let region = region_of(insts, root, &is_root);
        for &id in &region {
            if predecessors[id as usize]
                .iter()
                .any(|pred| !region.contains(pred))
            {
                add_root(id, &mut roots, &mut is_root);
            }
        }
    }
    roots
        .iter()
        .map(|&root| list_length(insts, root, &is_root))
        .sum()
}

/// The instructions with every out that leads to a no-op led past it, as RE2 optimises the
/// program before flattening it.
fn without_nops(insts: &[Inst]) -> Vec<Inst> {
    let past = |mut id: u32| {
        let mut steps = 0;
        while let Inst::Nop(out) = insts[id as usize] {
            // A loop of no-ops cannot be compiled; the bound only guards the walk.
            if id == 0 || steps > insts.len() {
                break;
            }
            id = out;
            steps += 1;
        }
        id
    };
    insts
        .iter()
        .map(|inst| match *inst {
            Inst::Step(out) => Inst::Step(past(out)),
            Inst::Nop(out) => Inst::Nop(past(out)),
            Inst::Alt(out, out1) => Inst::Alt(past(out), past(out1)),
            other => other,
        })
        .collect()
}

/// The instructions reachable from `root` without consuming input and without entering
/// another root's region (the roots reached are included).
fn region_of(insts: &[Inst], root: u32, is_root: &[bool]) -> std::collections::BTreeSet<u32> {
    let mut region = std::collections::BTreeSet::new();
    let mut stack = vec![root];
    while let Some(mut id) = stack.pop() {
        loop {
            if !region.insert(id) {
                break;
            }
            if id != root && is_root[id as usize] {
                break;
            }
            match insts[id as usize] {
                Inst::Alt(out, out1) => {
                    stack.push(out1);
                    id = out;
                }
                Inst::Nop(out) => id = out,
                Inst::Step(_) | Inst::Match | Inst::Fail => break,
            }
        }
    }
    region
}

/// The length of `root`'s flat list: its region's consuming, marking and final instructions,
/// and a no-op for each other root it reaches.
fn list_length(insts: &[Inst], root: u32, is_root: &[bool]) -> usize {
    region_of(insts, root, is_root)
        .into_iter()
        .filter(|&id| {
            (id != root && is_root[id as usize])
                || matches!(insts[id as usize], Inst::Step(_) | Inst::Match | Inst::Fail)
        })
        .count()
}
