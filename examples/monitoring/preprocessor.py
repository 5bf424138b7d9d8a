def preprocess_handler(inference_record, logger):
    logger.info(f"I'm a processing record: {inference_record.event_metadata.event_id}")
    input_data = inference_record.endpoint_input.data
    output_data = inference_record.endpoint_output.data.rstrip("\n")
    data = output_data + "," + input_data
    return {str(i).zfill(20): d for i, d in enumerate(data.split(","))}
