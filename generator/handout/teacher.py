"""The teacher's page, apart from the students' two: learning objectives, the reading level
of the student text, an answer guide to the discussion questions drawn from the checks of
the claims each question names, and a timing for each activity.

It is one page of its own: a third page of the PDF with `--teacher`, and `teacher-PAPER.pdf`
in the site's downloads. When the answer guide is too long for one page, `fit_teacher` keeps
fewer checks a question (the site has them all).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..pages import STATUS_INFO, gettext
from ..project import Project
from .content import HandoutContent, ReadingLevel, plain

MINUTES_A_STEP = 5  # the suggested class time of an activity step, when `minutes` is not set
MAX_CLAIMS = 3  # checks shown for one question at most


@dataclass(frozen=True)
class AnswerClaim:
    label: str
    status: str
    status_label: str
    summary: str


@dataclass(frozen=True)
class Answer:
    question: str
    claims: tuple[AnswerClaim, ...]
    more: int = 0  # checks left out for space


@dataclass(frozen=True)
class Timing:
    title: str
    minutes: int
    steps: tuple[tuple[str, int], ...]  # (step, minutes)
    suggested: bool  # True when the data gives no time and the page suggests one


@dataclass(frozen=True)
class TeacherContent:
    title: str
    language: str
    objectives: tuple[str, ...]
    reading: ReadingLevel
    answers: tuple[Answer, ...]
    timings: tuple[Timing, ...]
    site_url: str | None


def _claim(project: Project, claim_id: str) -> AnswerClaim:
    """A claim a question names, with its verdict: its own check, or the one it restates."""
    if claim_id in project.figures:
        kind, label = "figure", plain(project.figures[claim_id].label)
    elif claim_id in project.positions:
        position = project.positions[claim_id]
        kind = "position"
        label = gettext("%(actor)s on %(topic)s") % {
            "actor": plain(project.officials[position.actor].name), "topic": plain(position.topic)}
    else:
        kind, label = "event", plain(project.events[claim_id].title)
    claim = project.verdict(kind, claim_id)
    assert claim is not None  # `link` allows only checked claims
    check = claim.check
    return AnswerClaim(label, check.verdict, STATUS_INFO[check.verdict].label,
                       plain(check.summary or ""))


def _step_label(step: str) -> str:
    """A step by its lead word ("Stop", "Investigate the source") when it has one."""
    lead, colon, _rest = step.partition(":")
    return lead if colon and len(lead) <= 40 else step


def _spread(total: int, steps: list[str]) -> tuple[tuple[str, int], ...]:
    """`total` minutes over the steps, by the length of each step's text (at least one each)."""
    if not steps:
        return ()
    weights = [len(s) + 40 for s in steps]
    share = [max(1, round(total * w / sum(weights))) for w in weights]
    share[-1] = max(1, share[-1] + total - sum(share))
    return tuple(zip(steps, share, strict=True))


def teacher_content(project: Project, content: HandoutContent,
                    claims: int = MAX_CLAIMS) -> TeacherContent:
    """The teacher's page for the questions and activities of the student copy `content`."""
    handout = project.data.handout
    assert handout is not None
    printed = {q for q in content.questions}
    answers = []
    for question in handout.questions:
        text = plain(question.question)
        if text not in printed:
            continue
        found = [_claim(project, c) for c in dict.fromkeys(question.claims)]
        answers.append(Answer(text, tuple(found[:claims]), max(0, len(found) - claims)))
    shown = {a.title for a in content.activities}
    timings = []
    for activity in handout.activities:
        if plain(activity.title) not in shown:
            continue
        steps = [_step_label(plain(s)) for s in activity.steps]
        total = activity.minutes or MINUTES_A_STEP * max(len(steps), 1)
        timings.append(Timing(plain(activity.title), total, _spread(total, steps),
                              activity.minutes is None))
    return TeacherContent(
        title=content.title, language=content.language, objectives=content.objectives,
        reading=content.reading, answers=tuple(answers), timings=tuple(timings),
        site_url=content.site_url)


def shorter(teacher: TeacherContent) -> TeacherContent | None:
    """The same page with one check fewer for the question that shows the most; None when
    no question shows any."""
    if not any(a.claims for a in teacher.answers):
        return None
    most = max(range(len(teacher.answers)), key=lambda i: (len(teacher.answers[i].claims), i))
    answer = teacher.answers[most]
    answers = list(teacher.answers)
    answers[most] = replace(answer, claims=answer.claims[:-1], more=answer.more + 1)
    return replace(teacher, answers=tuple(answers))
