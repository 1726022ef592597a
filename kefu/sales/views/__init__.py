"""Pages of the sales office under /sales/, one module per page family.

``queue``: the front-desk board and the receptionist's one-tap "next";
``register``: 《客户来访登记表》 with the 撞单 warning; ``deals``; ``disputes``;
``stats``: daily/weekly/monthly figures per consultant.
"""
