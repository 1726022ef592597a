"""Signals other apps listen to.

``visit_recorded(visit, actor)`` is sent after the transaction that recorded
an attempt commits (reached or not). The complaints app uses it to reopen
handling or close the complaint after an (un)satisfied visit (seed 004 L373).
"""

from django.dispatch import Signal

visit_recorded = Signal()
