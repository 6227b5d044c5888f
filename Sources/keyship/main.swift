print("keyship")
