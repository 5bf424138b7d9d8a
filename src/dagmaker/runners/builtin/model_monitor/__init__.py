"""Model Monitor's analyzer container, as a program that runs inside a processing job.

``analyzer`` is the job's main program; ``config`` reads its environment; ``analysis``
dispatches on ``analysis_type``; ``capture_rows``, ``dataset_rows`` and ``rows`` turn
captured records and pre-processed lines into rows; ``inference_record`` and
``user_scripts`` give the user's pre- and post-processing scripts what AWS's container
gives them. The statistics themselves are ``dagmaker.quality``'s.
"""
