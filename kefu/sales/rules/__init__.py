"""Pure rules of the sales-office reception (售楼处/案场): no ORM, no clock.

- ``queue``: the rotation queue 《客户接待顺序表》, absences, make-up turns;
- ``ownership``: who owns a buyer (first registration, lapses, claims);
- ``splits``: attribution shares and commission amounts to the fen;
- ``penalties``: wage and point penalties of the presets.

The variant a site uses is a ``kefu.sales.policies.Policy``.
"""
