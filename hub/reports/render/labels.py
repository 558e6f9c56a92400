"""The renderers' own labels (cover block, totals, page numbers) in the three languages."""

from __future__ import annotations

from hub.reports.model import Text

PROJECT = Text("Project", "Projet", "Proyecto")
PARTNER = Text("Partner", "Partenaire", "Socio")
PERIOD = Text("Reporting period", "Période de rapport", "Periodo de informe")
CURRENCY = Text("Currency", "Devise", "Moneda")
POSITION = Text("Log position", "Position dans le journal", "Posición en el registro")
HEAD_HASH = Text("Chain hash at that position", "Empreinte de la chaîne à cette position",
                 "Huella de la cadena en esa posición")  # fmt: skip
AS_OF = Text("Date of the report (time of that position)",
             "Date du rapport (heure de cette position)",
             "Fecha del informe (hora de esa posición)")  # fmt: skip
PLAN_VERSION = Text("Plan version used", "Version du plan utilisée", "Versión del plan utilizada")
COMMAND = Text("Command that rebuilds it", "Commande qui le reconstruit",
               "Comando que lo reconstruye")  # fmt: skip
PROVENANCE = Text("Provenance", "Provenance", "Procedencia")
REPORT = Text("Report", "Rapport", "Informe")
TOTAL = Text("Total", "Total", "Total")
NONE = Text("none", "aucune", "ninguna")
PAGE = Text("Page {page} / {pages}", "Page {page} / {pages}", "Página {page} / {pages}")
EMPTY_TABLE = Text("No entries.", "Aucune entrée.", "Sin entradas.")
AUTHOR = "Occitanie en scène — cooperation projects hub"
