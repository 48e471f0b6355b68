from django.shortcuts import render


def apply(request):
    return render(request, "volunteers/apply.html")
