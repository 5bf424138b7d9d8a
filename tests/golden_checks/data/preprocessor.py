def preprocess_handler(inference_record):
    values = inference_record.endpoint_input.data.split(",")
    return {str(i).zfill(20): v for i, v in enumerate(values)}
