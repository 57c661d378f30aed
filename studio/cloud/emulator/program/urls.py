from django.urls import path

from studio.cloud.emulator.program import views

urlpatterns = [
    path("program/<int:pk>/index.m3u8", views.playlist, name="sandbox-playlist"),
    path("program/<int:pk>/<int:number>.ts", views.segment_file, name="sandbox-segment"),
    path("program/<int:pk>/<int:number>.json", views.segment_sei, name="sandbox-segment-sei"),
    path("program/<int:pk>/parts/<int:number>.ts", views.part_file, name="sandbox-part"),
    path("program/<int:pk>/parts/<int:number>.json", views.part_sei, name="sandbox-part-sei"),
    path("live/<str:name>.m3u8", views.live_playlist_view, name="sandbox-live"),
]
