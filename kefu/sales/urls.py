"""Pages of the sales office under /sales/."""

from django.urls import path

from kefu.sales.views import deals, disputes, queue, register, stats, supervise

app_name = "sales"
urlpatterns = [
    path("", queue.desk, name="desk"),
    path("board/", queue.board, name="board"),
    path("board/partial/", queue.board_partial, name="board_partial"),
    path("next/", queue.next_press, name="next"),
    path("receptions/<int:pk>/finish/", queue.finish, name="finish"),
    path("absence/", queue.absence, name="absence"),
    path("back/", queue.back, name="back"),
    path("compile/", queue.compile_today, name="compile"),
    path("check-in/", queue.check_in, name="check_in"),
    path("register/", register.register, name="register"),
    path("deals/", deals.deal_list, name="deals"),
    path("deals/<int:pk>/", deals.deal_detail, name="deal_detail"),
    path("deals/<int:pk>/<slug:action>/", deals.deal_action, name="deal_action"),
    path("disputes/", disputes.dispute_list, name="disputes"),
    path("disputes/<int:pk>/", disputes.dispute_detail, name="dispute_detail"),
    path("disputes/<int:pk>/<slug:action>/", disputes.dispute_action, name="dispute_action"),
    path("stats/", stats.stats, name="stats"),
    path("supervise/", supervise.supervise, name="supervise"),
    path("supervise/<slug:action>/", supervise.supervise_action, name="supervise_action"),
]
