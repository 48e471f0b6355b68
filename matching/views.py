from django.shortcuts import render


def request_support(request):
    return render(request, "matching/request_support.html")
