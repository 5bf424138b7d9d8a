def postprocess_handler():
    print("analysis done")
