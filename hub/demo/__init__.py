"""Demo data: Occitanie en scène's cooperation projects and La Collaborative in 2021,
loaded through the command bus (``hub demo``)."""

from hub.demo.deliverables import DEMO_AS_OF
from hub.demo.loader import DemoLoadFailed, DemoSummary, load_demo

DESCRIPTION = """\
Demo data: Occitanie en scène's EU and interregional cooperation projects, as of 31 December 2021.

Real, from the agency's 2021 activity plan: the seven projects and their programmes
(Pyrenart and Travesía: Interreg POCTEFA, ERDF 65 %; Be SpectACTive! 2 and Stronger
Peripheries: Creative Europe, Artemrede leading Stronger Peripheries; Scènes en réseaux:
France-Québec fund, led by Occitanie en scène with two Québec networks; Trajectoires
créatives: ESF, led by Occitanie Films; CoopAnimArt: Erasmus+), the leads and the
partners the plan names (La Grainerie, the scènes nationales of Tarbes and Foix, Circa
Auch, Le Périscope, Théâtre du Grand Rond, Théâtre Molière Sète, l'Albarède, Melando,
l'Atelline, Derrière le Hublot, réseauRP…), La Collaborative's five agencies and schemes
(Faire-Part, pARTager, cARTographie, Objectif 13, Jeudigraphies with their five dates),
and the agency's 2021 targets used as indicators.

ILLUSTRATIVE, not real: every amount (budgets, expenditure, deductions, payments, audit
corrections), project and reporting periods, co-financing rates other than ERDF 65 %,
CoopAnimArt's lead (assumed: Occitanie en scène), scheme coordinators, work-package and
deliverable titles, deliverable outcomes, activity dates (except the Jeudigraphies),
places, participant counts, distances, carbon factors and exchange rates. Partners the
plan does not name are generic labels ("Pyrenart partner ES-1 (generic)", "Québec network
A (generic)"), and contacts are role mailboxes on demo.example, not people."""

__all__ = ["DEMO_AS_OF", "DESCRIPTION", "DemoLoadFailed", "DemoSummary", "load_demo"]
