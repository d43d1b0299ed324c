def reset_password(request, uidb64, token):
    user = get_user(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "reset_invalid.html")
    form = SetPasswordForm(user, request.POST or None)
    if form.is_valid():
        password = form.cleaned_data["new_password1"]
        user.set_password(password)
        user.save()
        return redirect("login")
    return render(request, "reset.html", {"form": form})
